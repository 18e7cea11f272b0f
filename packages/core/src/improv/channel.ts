import type { SerialPortLike } from "../session/types.js";
import { ImprovError, type ImprovErrorCode } from "./errors.js";
import {
  ImprovStreamParser,
  PacketType,
  decodeRpcResult,
  encodeRpc,
  errorStateName,
  stateName,
  type ImprovErrorState,
  type ImprovPacket,
  type ImprovState,
} from "./protocol.js";

export interface ImprovClientOptions {
  /** Text the firmware prints that is not Improv (its log). */
  onLine?: (line: string) => void;
  /** Default time an RPC may take, ms (default 30 000; a Wi-Fi join can take a while). */
  rpcTimeoutMs?: number;
}

interface Pending {
  command: number;
  resolve(strings: string[][]): void;
  reject(e: ImprovError): void;
  results: string[][];
  /** Many results ended by an empty one (scan), else the first result settles it. */
  many: boolean;
}

const ERROR_FOR: Record<Exclude<ImprovErrorState, "none">, [ImprovErrorCode, string, string?]> = {
  "invalid-rpc": ["improv-invalid-rpc", "The device could not read the request."],
  "unknown-command": [
    "improv-unknown-command",
    "The device's firmware does not support this request.",
  ],
  "unable-to-connect": [
    "improv-unable-to-connect",
    "The device could not join the Wi-Fi network.",
    "Check the password, and that the network is in range of the device.",
  ],
  unknown: ["improv-device-error", "The device reported an error."],
};

/**
 * The port side of Improv Serial: reads and parses what the firmware sends, keeps its state,
 * and runs one RPC at a time. Events: `state`, `error-state`, `line`, `disconnect`.
 */
export class ImprovChannel extends EventTarget {
  state: ImprovState | undefined;
  errorState: ImprovErrorState = "none";

  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reading: Promise<void> | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  protected closed = false;
  private readonly parser: ImprovStreamParser;

  constructor(
    private readonly port: SerialPortLike,
    protected readonly options: ImprovClientOptions = {},
  ) {
    super();
    this.parser = new ImprovStreamParser({
      packet: (p) => this.onPacket(p),
      line: (text) => {
        this.options.onLine?.(text);
        this.dispatchEvent(new CustomEvent("line", { detail: text }));
      },
    });
  }

  /** Stops reading and frees the port's streams (the port stays open). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail(new ImprovError("improv-closed", "Improv was closed."));
    try {
      await this.reader?.cancel();
    } catch {
      // the port is gone already
    }
    await this.reading;
  }

  protected timeout(): number {
    return this.options.rpcTimeoutMs ?? 30_000;
  }

  protected startReading(): void {
    if (this.reading || this.closed) return;
    const readable = this.port.readable;
    if (!readable || !this.port.writable || readable.locked) {
      throw new ImprovError(
        "improv-port",
        "The serial port is not open or is in use.",
        "Close other programs or tabs using the port, then try again.",
      );
    }
    const reader = readable.getReader();
    this.reader = reader;
    this.reading = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value) this.parser.push(value);
        }
      } catch {
        // device lost: reported below
      } finally {
        reader.releaseLock();
        if (!this.closed) {
          this.closed = true;
          this.fail(
            new ImprovError(
              "improv-closed",
              "The device was disconnected.",
              "Plug it back in and try again.",
            ),
          );
          this.dispatchEvent(new Event("disconnect"));
        }
      }
    })();
  }

  /** One RPC at a time: Improv devices handle a single command at once. */
  protected rpc(
    command: number,
    data: ArrayLike<number>,
    o: { timeoutMs: number; many?: boolean; settleOn?: () => Promise<void> },
  ): Promise<string[][]> {
    const run = () =>
      new Promise<string[][]>((resolve, reject) => {
        if (this.closed) return reject(new ImprovError("improv-closed", "Improv was closed."));
        this.startReading();
        const timer = setTimeout(
          () =>
            this.fail(
              new ImprovError(
                "improv-timeout",
                "The device did not answer in time.",
                "Unplug the device, plug it back in and try again.",
              ),
            ),
          o.timeoutMs,
        );
        const done = () => clearTimeout(timer);
        this.pending = {
          command,
          results: [],
          many: o.many ?? false,
          resolve: (r) => {
            done();
            resolve(r);
          },
          reject: (e) => {
            done();
            reject(e);
          },
        };
        const pending = this.pending;
        void o.settleOn?.().then(() => {
          if (this.pending === pending) {
            this.pending = undefined;
            pending.resolve([]);
          }
        });
        this.errorState = "none";
        this.earlyResult = undefined;
        void this.write(encodeRpc(command, data)).catch((e: unknown) =>
          this.fail(
            new ImprovError("improv-port", "Could not write to the serial port.", undefined, {
              cause: e,
            }),
          ),
        );
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** After a state packet, a URL result may follow; wait briefly for it. */
  protected awaitUrl(command: number, ms: number): Promise<string | undefined> {
    if (this.earlyResult?.command === command) {
      const url = this.earlyResult.strings[0];
      this.earlyResult = undefined;
      return Promise.resolve(url);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.listener = undefined;
        resolve(undefined);
      }, ms);
      this.listener = (r) => {
        if (r.command !== command) return;
        clearTimeout(timer);
        this.listener = undefined;
        resolve(r.strings[0]);
      };
    });
  }

  private listener: ((r: { command: number; strings: string[] }) => void) | undefined;
  private earlyResult: { command: number; strings: string[] } | undefined;

  /** Writes one after another: a port's write can still hold the stream when the next RPC starts. */
  private writing: Promise<void> = Promise.resolve();

  private write(bytes: Uint8Array): Promise<void> {
    const next = this.writing.then(async () => {
      const writer = this.port.writable!.getWriter();
      try {
        await writer.write(bytes);
      } finally {
        writer.releaseLock();
      }
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private onPacket(p: ImprovPacket): void {
    if (p.type === PacketType.currentState) {
      this.state = stateName(p.data[0] ?? 0xff) ?? this.state;
      this.dispatchEvent(new CustomEvent("state", { detail: this.state }));
    } else if (p.type === PacketType.errorState) {
      this.errorState = errorStateName(p.data[0] ?? 0xff);
      this.dispatchEvent(new CustomEvent("error-state", { detail: this.errorState }));
      if (this.errorState !== "none") {
        const [code, message, advice] = ERROR_FOR[this.errorState];
        this.fail(new ImprovError(code, message, advice));
      }
    } else if (p.type === PacketType.rpcResult) {
      const r = decodeRpcResult(p.data);
      if (!r) return;
      const pending = this.pending;
      if (pending && pending.command === r.command) {
        if (!pending.many) {
          this.pending = undefined;
          pending.resolve([r.strings]);
        } else if (r.strings.length > 0) pending.results.push(r.strings);
        else {
          this.pending = undefined;
          pending.resolve(pending.results);
        }
      } else if (this.listener) this.listener(r);
      else this.earlyResult = r;
    }
  }

  private fail(e: ImprovError): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(e);
  }
}
