import { ImprovChannel } from "./channel.js";
import { ImprovError } from "./errors.js";
import { RpcCommand, wifiSettingsData, type ImprovState } from "./protocol.js";

export type { ImprovClientOptions } from "./channel.js";

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

/**
 * An Improv Serial client over an open SerialPortLike (Web Serial, a VirtualSerialPort or a
 * Node port wrapper). It reads until `close()`, which frees the port for others but keeps it open.
 * Events: `state` (detail: ImprovState), `error-state` (detail: ImprovErrorState), `line` (detail:
 * text), `disconnect`.
 */
export class ImprovSerial extends ImprovChannel {
  info: ImprovDeviceInfo | undefined;
  /** The URL the device reported once provisioned ("Visit device"). */
  url: string | undefined;

  /**
   * Reads what the firmware prints for `ms` without sending a byte (lines reach `onLine`), so a
   * caller can learn what runs before any request goes out: Improv's request carries Ctrl-A,
   * Ctrl-C and Ctrl-B (version, type and length bytes), which stop a MicroPython program.
   */
  async listen(ms: number): Promise<void> {
    this.startReading();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.addEventListener("disconnect", () => (clearTimeout(timer), resolve()), { once: true });
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
}
