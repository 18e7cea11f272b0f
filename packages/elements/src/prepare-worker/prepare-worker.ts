// The module worker that does each part's CPU work off the page's thread: core's
// prepareForWrite — patch and MD5 (the image goes back at once, for the skip-check), then
// deflate into the loader's write blocks.
import { prepareForWrite, type PreparedImage } from "@esp-flash/core/prepare";
import type { PrepareRequest, WorkerReply } from "./messages.js";

const reply = (message: WorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

self.addEventListener("message", (event: MessageEvent<PrepareRequest>) => {
  const { id, job, blockSize } = event.data;
  let image: PreparedImage | undefined;
  try {
    const { deflated } = prepareForWrite(job, blockSize, (ready) => {
      image = ready;
      reply({ kind: "image", id, image }); // copied: the worker still deflates `data`
    });
    // Each block owns its own buffer (pako allocates one per output chunk).
    reply({ kind: "deflated", id, deflated }, [
      ...new Set(deflated.blocks.map((b) => b.data.buffer)),
    ]);
  } catch (error) {
    // Not patched: the page redoes the part and throws core's typed error itself.
    if (!image)
      reply({ kind: "failed", id, message: String(error), bytes: job.bytes }, [job.bytes.buffer]);
    else reply({ kind: "failed", id, message: String(error) });
  }
});

reply({ kind: "ready" });
