import type { VirtualClock } from "./clock.js";
import type { FaultEngine } from "./faults.js";

type Listener = (bytes: Uint8Array, deviceBaud: number) => void;

interface Pending {
  bytes: Uint8Array;
  baud: number;
  notBefore: number;
}

/**
 * Device → host. Charges wire time, applies output faults, and in realtime mode (or during
 * a stall) holds bytes until their wall-clock moment; otherwise delivers synchronously.
 */
export class Wire {
  private readonly listeners = new Set<Listener>();
  private readonly queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private holdUntil = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly faults: FaultEngine,
  ) {}

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(bytes: Uint8Array, baud: number): void {
    let out = bytes;
    if (this.faults.active) {
      const stall = this.faults.stallDue();
      if (stall !== undefined) {
        this.clock.spend(stall);
        this.holdUntil = Date.now() + stall;
      }
      out = this.faults.mangle(bytes, baud);
    } else {
      this.faults.count(bytes.length);
    }
    this.clock.wire(out.length, baud);
    const notBefore = Math.max(this.holdUntil, Date.now() + this.clock.delayMs());
    if (this.queue.length === 0 && notBefore <= Date.now()) {
      this.deliver(out, baud);
      return;
    }
    this.queue.push({ bytes: out, baud, notBefore });
    this.schedule();
  }

  /** Drop everything not yet delivered (reset, disconnect). */
  clear(): void {
    this.queue.length = 0;
    this.holdUntil = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.notBefore - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = Date.now();
      while (this.queue.length > 0 && this.queue[0]!.notBefore <= now) {
        const p = this.queue.shift()!;
        this.deliver(p.bytes, p.baud);
      }
      this.schedule();
    }, wait);
  }

  private deliver(bytes: Uint8Array, baud: number): void {
    for (const l of this.listeners) {
      try {
        l(bytes, baud);
      } catch {
        // A failing listener (a closed port) must not stop the device or other listeners.
      }
    }
  }
}
