/**
 * The port's receive buffer: bytes from the device wait here (as in the OS driver)
 * until a reader asks, and each read gets everything that has arrived, up to the
 * open() bufferSize — the way a real serial port hands out data.
 */
export class ReceiveBuffer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private maxChunk = Number.POSITIVE_INFINITY;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private waiting: (() => void) | null = null;

  reset(bufferSize?: number): void {
    this.discard();
    this.maxChunk = bufferSize ?? Number.POSITIVE_INFINITY;
  }

  /** Called from the stream's start(): where to report a lost device even before any read. */
  attach(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = controller;
  }

  /** Called from the stream's pull(): deliver now, or once bytes arrive. */
  pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> | void {
    this.controller = controller;
    if (this.size > 0) {
      controller.enqueue(this.take());
      return;
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes.slice());
    this.size += bytes.length;
    const waiting = this.waiting;
    if (waiting && this.controller) {
      this.waiting = null;
      this.controller.enqueue(this.take());
      waiting();
    }
  }

  /** Drop buffered bytes and any pending pull (cancel, close). */
  discard(): void {
    this.chunks = [];
    this.size = 0;
    this.controller = null;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** Error the stream a reader is waiting on (device lost). */
  fail(error: unknown): void {
    const controller = this.controller;
    this.discard();
    try {
      controller?.error(error);
    } catch {
      // Already closed or errored: nothing left to tell.
    }
  }

  private take(): Uint8Array {
    const n = Math.min(this.size, this.maxChunk);
    const head = this.chunks[0]!;
    if (head.length === n) {
      this.chunks.shift();
      this.size -= n;
      return head;
    }
    return this.gather(n);
  }

  private gather(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0]!;
      const part = Math.min(head.length, n - filled);
      out.set(head.subarray(0, part), filled);
      filled += part;
      if (part === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(part);
    }
    this.size -= n;
    return out;
  }
}
