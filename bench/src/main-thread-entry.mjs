// Browser side of the main-thread benchmark: one 4 MB image prepared (patch, MD5, deflate into
// the stub's 16 KB write blocks) on the page, or through elements' prepare worker; the page's
// long tasks are what a visitor feels as a frozen page.
import { deflateBlocks, prepareImage } from "@esp-flash/core/prepare";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { WorkerPreparer } from "../../packages/elements/dist/prepare-worker/worker-preparer.js";
import { IMAGE_BYTES } from "./cpu-image.mjs";
import { BLOCK_SIZE, jobFor } from "./prepare-work.mjs";

const image = makeSampleFirmware("micropython-esp8266", { size: IMAGE_BYTES }).parts[0].data;
const job = () => jobFor(image.slice());

async function onPage() {
  deflateBlocks(prepareImage(job()).data, BLOCK_SIZE);
}

async function inWorker() {
  const preparer = new WorkerPreparer();
  const log = [];
  const { deflated } = await preparer.prepare(job(), BLOCK_SIZE, (line) => log.push(line));
  await deflated;
  preparer.close();
  if (!log[0]?.includes("in a Web Worker")) throw new Error(`the worker did not run: ${log[0]}`);
}

/** Wall time, and the page's long tasks (over 50 ms) while one image is prepared. */
globalThis.runMainThreadBench = async (where) => {
  const tasks = [];
  const observer = new PerformanceObserver((list) =>
    tasks.push(...list.getEntries().map((e) => e.duration)),
  );
  observer.observe({ type: "longtask" });
  // Start from a fresh task, so the long task measured is the preparation's own.
  await new Promise((r) => setTimeout(r, 50));
  const start = performance.now();
  await (where === "worker" ? inWorker() : onPage());
  const wallMs = performance.now() - start;
  await new Promise((r) => setTimeout(r, 200)); // long tasks are reported after they end
  observer.disconnect();
  return {
    wallMs,
    longestTaskMs: Math.max(0, ...tasks),
    // Total blocking time: what each long task held the page beyond 50 ms.
    blockingMs: tasks.reduce((n, d) => n + Math.max(0, d - 50), 0),
  };
};
