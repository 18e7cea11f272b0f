// The console's side of the port: (re)open at a baud rate, stream text out, write bytes in.
import type { SerialPortLike } from "../core-types.js";

export class SerialLink {
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reading: Promise<void> | undefined;
  private readonly encoder = new TextEncoder();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly port: SerialPortLike, private readonly onText: (text: string) => void) {}

  /** Opens the port at `baudRate` (closing it first if the flasher left it open) and starts reading. */
  async open(baudRate: number): Promise<void> {
    await this.close();
    if (this.port.readable) await this.port.close();
    await this.port.open({ baudRate });
    this.reading = this.readLoop();
  }

  /** Writes in order: each write waits for the previous one to release the stream. */
  write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? this.encoder.encode(data) : data;
    this.writing = this.writing.then(async () => {
      const writer = this.port.writable?.getWriter();
      if (!writer) return;
      try { await writer.write(bytes); } finally { writer.releaseLock(); }
    }).catch(() => undefined);
    return this.writing;
  }

  /** Pulses EN through RTS with GPIO0 (DTR) released, so the board boots its firmware. */
  async reset(): Promise<void> {
    await this.port.setSignals({ dataTerminalReady: false, requestToSend: true });
    await new Promise((r) => setTimeout(r, 100));
    await this.port.setSignals({ dataTerminalReady: false, requestToSend: false });
  }

  async close(): Promise<void> {
    await this.reader?.cancel().catch(() => undefined);
    await this.reading;
    this.reader = undefined;
    this.reading = undefined;
  }

  private async readLoop(): Promise<void> {
    const decoder = new TextDecoder();
    const reader = this.port.readable?.getReader();
    this.reader = reader;
    if (!reader) return;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value) this.onText(decoder.decode(value, { stream: true }));
      }
    } catch {
      // The port went away (unplugged or closed): nothing more to read.
    } finally {
      reader.releaseLock();
    }
  }
}
