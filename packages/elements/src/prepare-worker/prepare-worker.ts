// The module worker that does each part's CPU work off the page's thread: patch and MD5 (the
// image comes back at once, for the skip-check), then deflate into the loader's write blocks.
import { deflateBlocks, prepareImage } from "@esp-flash/core/prepare";
import type { PrepareRequest, WorkerReply } from "./messages.js";

const reply = (message: WorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

self.addEventListener("message", (event: MessageEvent<PrepareRequest>) => {
  const { id, job, blockSize } = event.data;
  let image;
  try {
    image = prepareImage(job);
  } catch (error) {
    // The page redoes the part and throws core's typed error itself.
    reply({ kind: "failed", id, message: String(error), bytes: job.bytes }, [job.bytes.buffer]);
    return;
  }
  reply({ kind: "image", id, image }); // copied: the worker still deflates `data`
  try {
    const blocks = deflateBlocks(image.data, blockSize);
    // Each block owns its own buffer (pako allocates one per output chunk).
    reply({ kind: "deflated", id, deflated: { blockSize, blocks } }, [
      ...new Set(blocks.map((b) => b.data.buffer)),
    ]);
  } catch (error) {
    reply({ kind: "failed", id, message: String(error) });
  }
});

reply({ kind: "ready" });
