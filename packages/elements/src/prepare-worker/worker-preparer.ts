// The page's side of the prepare worker: a core Preparer that sends each part to a module
// worker loaded from the same origin as this script (no blob:, so `worker-src 'self'` is
// enough), and does the work on the page when the worker cannot start.
import type { DeflatedImage, ImageJob, PreparedImage, Preparer } from "@esp-flash/core";
import type { PrepareRequest, WorkerReply } from "./messages.js";
import { startPrepareWorker } from "./start.js";

/** A worker that has not said "ready" by then is not coming (a stalled CDN, a blocked fetch). */
const START_TIMEOUT_MS = 10_000;

interface Settle<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
}
interface Pending {
  image: Settle<PreparedImage>;
  deflated: Settle<DeflatedImage>;
}
/** The worker could not patch the part: it handed the download back. */
class HandedBack extends Error {
  constructor(readonly bytes: Uint8Array) {
    super("handed back");
  }
}

/** Starts its worker on the first part, so an install cancelled before that loads none. */
export class WorkerPreparer implements Preparer {
  #worker: Worker | undefined;
  /** Undefined once the worker said "ready"; else why it did not start. */
  #started: Promise<string | undefined> | undefined;
  #broken: string | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 0;
  #told = false;

  constructor(private readonly start: () => Worker = startPrepareWorker) {}

  #start(): Promise<string | undefined> {
    let worker: Worker;
    try {
      worker = this.#worker = this.start();
    } catch (error) {
      return Promise.resolve(`it could not be created: ${(error as Error).message}`);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const why = `it did not start within ${START_TIMEOUT_MS / 1000} s`;
        resolve(why);
        this.#stop(why);
      }, START_TIMEOUT_MS);
      worker.addEventListener("message", (e: MessageEvent<WorkerReply>) => {
        if (e.data.kind === "ready") {
          clearTimeout(timer);
          resolve(undefined);
        } else this.#receive(e.data);
      });
      // A blocked or missing script (CSP without worker-src, a 404) or a browser without module workers.
      worker.addEventListener("error", (e) => {
        clearTimeout(timer);
        const why = `it failed${e.message ? `: ${e.message}` : ""}`;
        resolve(why);
        this.#stop(why);
      });
    });
  }

  async prepare(
    job: ImageJob,
    blockSize: number,
    log: (line: string) => void,
  ): Promise<{ image: PreparedImage; deflated?: Promise<DeflatedImage> }> {
    const down = (await (this.#started ??= this.#start())) ?? this.#broken;
    if (!this.#told) {
      this.#told = true;
      log(
        down
          ? `Preparing images on the page: the Web Worker did not start (${down}).`
          : "Preparing images (patch, MD5, compression) in a Web Worker.",
      );
    }
    if (down || !this.#worker) return { image: await onThePage(job) };
    try {
      return await this.#send(this.#worker, job, blockSize);
    } catch (error) {
      // The page redoes it: core's typed error (or the image) comes from the same code here.
      if (error instanceof HandedBack)
        return { image: await onThePage({ ...job, bytes: error.bytes }) };
      throw error;
    }
  }

  /** Stops the worker; parts still in it fail. */
  close(): void {
    this.#stop("the install ended");
  }

  async #send(worker: Worker, job: ImageJob, blockSize: number) {
    const id = this.#nextId++;
    const bytes = owning(job.bytes);
    let pending!: Pending;
    const image = new Promise<PreparedImage>(
      (resolve, reject) => (pending = { image: { resolve, reject } } as Pending),
    );
    const deflated = new Promise<DeflatedImage>(
      (resolve, reject) => (pending.deflated = { resolve, reject }),
    );
    deflated.catch(() => undefined); // unused when the image fails or the part is skipped
    this.#pending.set(id, pending);
    const request: PrepareRequest = { id, job: { ...job, bytes }, blockSize };
    worker.postMessage(request, [bytes.buffer]);
    return { image: await image, deflated };
  }

  #receive(reply: Exclude<WorkerReply, { kind: "ready" }>) {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    if (reply.kind === "image") return pending.image.resolve(reply.image);
    this.#pending.delete(reply.id);
    if (reply.kind === "deflated") return pending.deflated.resolve(reply.deflated);
    const error = reply.bytes
      ? new HandedBack(reply.bytes)
      : new Error(`the Web Worker failed: ${reply.message}`);
    pending.image.reject(error);
    pending.deflated.reject(error);
  }

  #stop(why: string) {
    this.#broken ??= why;
    this.#worker?.terminate();
    const error = new Error(`the Web Worker stopped: ${why}`);
    for (const pending of this.#pending.values()) {
      pending.image.reject(error);
      pending.deflated.reject(error);
    }
    this.#pending.clear();
  }
}

/** Core's prepareImage, the worker's own code, loaded only when the page needs it. */
async function onThePage(job: ImageJob): Promise<PreparedImage> {
  const { prepareImage } = await import("@esp-flash/core/prepare");
  return prepareImage(job);
}

/** `bytes` when it owns its whole buffer (so transferring it moves nothing else), else a copy. */
const owning = (bytes: Uint8Array) =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
