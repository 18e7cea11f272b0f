/**
 * Bytes from the bulk IN pipe wait here (as in an OS serial driver) until a reader asks;
 * each read gets everything that has arrived. Cancelling a reader discards them, as Web
 * Serial does.
 */
export class ReceiveQueue {
  private chunks: Uint8Array[] = [];
  private waiting: ((chunk: Uint8Array | Error) => void) | undefined;
  private failure: Error | undefined;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(bytes);
    else this.chunks.push(bytes);
  }

  /** The next bytes, or the error that ended the stream. */
  next(): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.chunks.length > 0) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      this.waiting = (x) => (x instanceof Error ? reject(x) : resolve(x));
    });
  }

  discard(): void {
    this.chunks = [];
  }

  fail(error: Error): void {
    this.failure = error;
    this.chunks = [];
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(error);
  }

  private take(): Uint8Array {
    const all = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.chunks = [];
    return all;
  }
}
