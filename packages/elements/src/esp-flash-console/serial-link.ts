// The console's side of the port: (re)open at a baud rate, stream text out, write bytes in,
// and notice when the board goes away (a reset of a native-USB board, an unplug).
import type { SerialPortLike } from "../core-types.js";

type Port = SerialPortLike & Partial<EventTarget> & { readonly connected?: boolean };

export class SerialLink {
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reading: Promise<void> | undefined;
  private readonly encoder = new TextEncoder();
  private writing: Promise<void> = Promise.resolve();
  private closing = false;

  /** `onLost` is told when reading stops without close(): the board reset or was unplugged. */
  constructor(
    public port: Port,
    private readonly onText: (text: string) => void,
    private readonly onLost: () => void = () => undefined,
  ) {}

  /** Opens the port at `baudRate` (closing it first if the flasher left it open) and starts reading. */
  async open(baudRate: number): Promise<void> {
    await this.close();
    if (this.port.readable) await this.port.close();
    await this.port.open({ baudRate });
    this.reading = this.readLoop();
  }

  /**
   * After a loss: tries to open again until `signal` aborts, right away when the port (or a port
   * with the same USB IDs, as a re-enumerated board appears) announces itself, else every `everyMs`.
   */
  async reopen(
    baudRate: number,
    signal: AbortSignal,
    others: () => Promise<Port[]> = async () => [],
    everyMs = 500,
  ): Promise<void> {
    const ids = this.port.getInfo();
    while (!signal.aborted) {
      const same = (await others().catch(() => [])).filter(
        (p) =>
          p !== this.port &&
          !p.readable &&
          p.getInfo().usbVendorId === ids.usbVendorId &&
          p.getInfo().usbProductId === ids.usbProductId,
      );
      for (const candidate of [this.port, ...same]) {
        try {
          await candidate.close().catch(() => undefined); // a lost port must be closed before it opens again
          this.port = candidate;
          await this.open(baudRate);
          return;
        } catch {
          /* not back yet */
        }
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.port.removeEventListener?.("connect", done);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, everyMs);
        this.port.addEventListener?.("connect", done);
        signal.addEventListener("abort", done);
      });
    }
    throw new DOMException("Stopped reconnecting", "AbortError");
  }

  /** Writes in order: each write waits for the previous one to release the stream. */
  write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? this.encoder.encode(data) : data;
    this.writing = this.writing
      .then(async () => {
        const writer = this.port.writable?.getWriter();
        if (!writer) return;
        try {
          await writer.write(bytes);
        } finally {
          writer.releaseLock();
        }
      })
      .catch(() => undefined);
    return this.writing;
  }

  /** Pulses EN through RTS with GPIO0 (DTR) released, so the board boots its firmware. */
  async reset(): Promise<void> {
    await this.port.setSignals({ dataTerminalReady: false, requestToSend: true });
    await new Promise((r) => setTimeout(r, 100));
    await this.port.setSignals({ dataTerminalReady: false, requestToSend: false });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.reader?.cancel().catch(() => undefined);
    await this.reading;
    this.reader = undefined;
    this.reading = undefined;
    this.closing = false;
  }

  private async readLoop(): Promise<void> {
    const decoder = new TextDecoder();
    const reader = this.port.readable?.getReader();
    this.reader = reader;
    if (!reader) return;
    let lost = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value) this.onText(decoder.decode(value, { stream: true }));
      }
    } catch {
      lost = true; // the port went away: unplugged, or a native-USB board reset
    } finally {
      reader.releaseLock();
    }
    if ((lost || !this.port.readable) && !this.closing) this.onLost();
  }
}
