// A virtual board in a web page runs on the page's main thread. In "instant" timing a host and
// the device answer each other in microtasks only, so a whole 4 MB backup ran as one 6-second
// task and the page froze. The port hands the event loop a turn after every slice of
// continuous work: the page paints and takes input; the bytes and their order are unchanged.

const SLICE_MS = 10;

const now = () => performance.now();
let sliceStart: number | undefined;

/** A macrotask without timer clamping: setImmediate in Node, a MessageChannel in browsers. */
function nextTask(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * Call on each host write: resolves at once while the current slice is short, or after the
 * event loop had a turn once work has gone on for more than a slice without one.
 */
export function turnWhenBusy(): Promise<void> | undefined {
  if (sliceStart === undefined) {
    sliceStart = now();
    // Any turn of the event loop ends the slice, whoever gave it.
    void nextTask().then(() => (sliceStart = undefined));
    return undefined;
  }
  if (now() - sliceStart < SLICE_MS) return undefined;
  return nextTask();
}
