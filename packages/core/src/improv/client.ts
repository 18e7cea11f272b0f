import type { SerialPortLike } from "../session/types.js";
import { ImprovError, type ImprovErrorCode } from "./errors.js";
import {
  ImprovStreamParser,
  PacketType,
  RpcCommand,
  decodeRpcResult,
  encodeRpc,
  errorStateName,
  stateName,
  wifiSettingsData,
  type ImprovErrorState,
  type ImprovPacket,
  type ImprovState,
} from "./protocol.js";

/** Device Info: what the firmware says it is. */
export interface ImprovDeviceInfo {
  firmware: string;
  version: string;
  /** Hardware/chip, e.g. "ESP32-C3". */
  chipFamily: string;
  name: string;
  osName?: string;
  osVersion?: string;
}

export interface ImprovNetwork {
  ssid: string;
  /** dBm */
  rssi: number;
  secured: boolean;
}

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
 * An Improv Serial client over an open SerialPortLike (Web Serial, a VirtualSerialPort or a
 * Node port wrapper). It reads until `close()`, which frees the port for others but keeps it open.
 * Events: `state` (detail: ImprovState), `error-state` (detail: ImprovErrorState), `line` (detail: text).
 */
export class ImprovSerial extends EventTarget {
  state: ImprovState | undefined;
  errorState: ImprovErrorState = "none";
  info: ImprovDeviceInfo | undefined;
  /** The URL the device reported once provisioned ("Visit device"). */
  url: string | undefined;

  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reading: Promise<void> | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly parser: ImprovStreamParser;

  constructor(
    private readonly port: SerialPortLike,
    private readonly options: ImprovClientOptions = {},
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

  /**
   * Finds Improv on the port: asks for the state once a second (firmware may still be booting)
   * until it answers or `timeoutMs` passes, then asks for Device Info.
   * @throws ImprovError `improv-not-detected` when nothing answers.
   */
  async detect(timeoutMs = 1000): Promise<ImprovDeviceInfo> {
    this.startReading();
    const deadline = Date.now() + timeoutMs;
    let answered = false;
    while (!answered && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        await this.requestState(Math.min(1000, left));
        answered = true;
      } catch (e) {
        if ((e as ImprovError).code !== "improv-timeout") throw e;
      }
    }
    if (!answered) {
      throw new ImprovError(
        "improv-not-detected",
        "The firmware did not answer Improv Serial.",
        "The firmware may not support Improv Wi-Fi; set up Wi-Fi the way its documentation says.",
      );
    }
    // Device Info follows at once on firmware that answered the state request.
    return this.requestInfo(Math.min(this.timeout(), 5000));
  }

  /** Current State; when provisioned the device also sends its URL. */
  async requestState(timeoutMs = this.timeout()): Promise<ImprovState> {
    const stateSeen = () =>
      new Promise<void>((resolve) =>
        this.addEventListener("state", () => resolve(), { once: true }),
      );
    const [r] = await this.rpc(RpcCommand.requestCurrentState, [], {
      timeoutMs,
      settleOn: stateSeen,
    });
    if (this.state === "provisioned") {
      // The URL follows the state in its own packet.
      const url = r ? r[0] : await this.awaitUrl(RpcCommand.requestCurrentState, 1000);
      if (url) this.url = url;
    }
    return this.state!;
  }

  async requestInfo(timeoutMs = this.timeout()): Promise<ImprovDeviceInfo> {
    const [r = []] = await this.rpc(RpcCommand.requestDeviceInfo, [], { timeoutMs });
    this.info = {
      firmware: r[0] ?? "",
      version: r[1] ?? "",
      chipFamily: r[2] ?? "",
      name: r[3] ?? "",
      ...(r[4] !== undefined ? { osName: r[4] } : {}),
      ...(r[5] !== undefined ? { osVersion: r[5] } : {}),
    };
    return this.info;
  }

  /** Networks the device sees, strongest first (one entry per SSID). */
  async scan(timeoutMs = this.timeout()): Promise<ImprovNetwork[]> {
    const results = await this.rpc(RpcCommand.requestScan, [], { timeoutMs, many: true });
    const best = new Map<string, ImprovNetwork>();
    for (const [ssid = "", rssi = "", auth = ""] of results) {
      if (!ssid) continue;
      const n = { ssid, rssi: Number.parseInt(rssi, 10) || -100, secured: auth !== "NO" };
      if ((best.get(ssid)?.rssi ?? -Infinity) < n.rssi) best.set(ssid, n);
    }
    return [...best.values()].sort((a, b) => b.rssi - a.rssi);
  }

  /**
   * Sends Wi-Fi settings and waits until the device is provisioned; returns the URL it reports.
   * @throws ImprovError `improv-unable-to-connect` (wrong password or network out of reach).
   */
  async provision(
    ssid: string,
    password: string,
    timeoutMs = this.timeout(),
  ): Promise<string | undefined> {
    let data: Uint8Array;
    try {
      data = wifiSettingsData(ssid, password);
    } catch (e) {
      throw new ImprovError(
        "improv-bad-input",
        (e as Error).message,
        "Check the network name and password.",
      );
    }
    // Firmware that has no URL may send only the Provisioned state: that settles it too.
    const provisioned = () =>
      new Promise<void>((resolve) => {
        const on = () => {
          if (this.state !== "provisioned") return;
          this.removeEventListener("state", on);
          resolve();
        };
        this.addEventListener("state", on);
      });
    const [r] = await this.rpc(RpcCommand.sendWifiSettings, data, {
      timeoutMs,
      settleOn: provisioned,
    });
    const url = r ? r[0] : await this.awaitUrl(RpcCommand.sendWifiSettings, 1000);
    this.url = url || undefined;
    return this.url;
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

  private timeout(): number {
    return this.options.rpcTimeoutMs ?? 30_000;
  }

  private startReading(): void {
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
  private rpc(
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
  private awaitUrl(command: number, ms: number): Promise<string | undefined> {
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

  private async write(bytes: Uint8Array): Promise<void> {
    const writer = this.port.writable!.getWriter();
    try {
      await writer.write(bytes);
    } finally {
      writer.releaseLock();
    }
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
