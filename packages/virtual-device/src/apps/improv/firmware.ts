import type { AppIo, RunningApp, VirtualApp } from "../app.js";
import {
  Command,
  ErrorCode,
  PacketScanner,
  PacketType,
  State,
  frame,
  rpcResult,
  wifiSettings,
  type Rpc,
} from "./frames.js";
import { loadSettings, saveSettings } from "./settings.js";

export interface VirtualNetwork {
  ssid: string;
  /** dBm, e.g. -48 (strong) … -90 (weak). */
  rssi: number;
  /** "open", or the security it uses ("WPA2", "WPA3" …): anything but "open" needs the password. */
  auth?: string;
  /** The right password; default "correct horse" for secured networks. */
  password?: string;
}

/** What goes wrong, on purpose. */
export type ImprovFailure =
  | "none"
  /** The networks' passwords are ones nobody is told: every attempt to join fails. */
  | "wrong-password"
  /** Networks show up in the first scan, then their access points go off: joining fails, later scans miss them. */
  | "network-gone"
  /** The firmware does not speak Improv at all (only prints its log). */
  | "no-improv"
  /** The firmware takes `slowBootMs` to start answering (past a 1.5 s probe, within a 10 s wait). */
  | "slow-boot";

export interface ImprovFirmwareOptions {
  /** Firmware name and version as Device Info reports them (compared with the manifest's name/version). */
  firmware?: string;
  version?: string;
  /** Device name; default "virtual-<chip>-<last 3 MAC bytes>". */
  deviceName?: string;
  networks?: VirtualNetwork[];
  /** The URL reported once provisioned; "{name}" is replaced by the device name. Default "http://{name}.local"; null: none. */
  url?: string | null;
  failure?: ImprovFailure;
  /** Wall-clock ms from boot until Improv answers; default 200 (4000 with "slow-boot"). */
  bootMs?: number;
  slowBootMs?: number;
  /** Ms a Wi-Fi scan takes (default 300) and joining a network takes (default 800). */
  scanMs?: number;
  connectMs?: number;
}

export const DEFAULT_NETWORKS: VirtualNetwork[] = [
  { ssid: "HomeNet", rssi: -48, auth: "WPA2" },
  { ssid: "Garden", rssi: -71, auth: "WPA2/WPA3" },
  { ssid: "Café Guest", rssi: -83, auth: "open" },
];
export const DEFAULT_PASSWORD = "correct horse";

/**
 * Application firmware that speaks Improv Serial after boot, as ESPHome, WLED and others do:
 * answers current state, device info, Wi-Fi scan and Wi-Fi settings; keeps the Wi-Fi
 * credentials in flash (so they survive a reset and vanish with an erase).
 */
export function improvFirmware(options: ImprovFirmwareOptions = {}): VirtualApp {
  let gone = new Set<string>();
  return (io) => {
    const session = new ImprovSession(io, options, gone);
    // "network-gone": after the first boot has scanned, the access points stay off.
    gone = session.gone;
    return session;
  };
}

class ImprovSession implements RunningApp {
  readonly gone: Set<string>;
  private state: number = State.ready;
  private ready = false;
  private scanned = false;
  private busy = false;
  private readonly scanner = new PacketScanner();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly failure: ImprovFailure;
  private readonly name: string;
  private readonly networks: VirtualNetwork[];

  constructor(
    private readonly io: AppIo,
    private readonly o: ImprovFirmwareOptions,
    gone: Set<string>,
  ) {
    this.gone = gone;
    this.failure = o.failure ?? "none";
    this.name =
      o.deviceName ?? `virtual-${io.chip.toLowerCase()}-${io.mac.split(":").slice(3).join("")}`;
    this.networks = o.networks ?? DEFAULT_NETWORKS;
    io.print(`[I][app]: ${this.firmware} ${this.version} starting on ${io.chip}`);
    const saved = loadSettings(io.flash);
    const boot = this.failure === "slow-boot" ? (o.slowBootMs ?? 4000) : (o.bootMs ?? 200);
    this.after(boot, () => {
      if (saved && this.visible(saved.ssid) && this.passwordOk(saved.ssid, saved.password)) {
        this.state = State.provisioned;
        io.print(`[I][wifi]: Connected to '${saved.ssid}'`);
      } else {
        io.print(
          saved
            ? `[W][wifi]: Could not connect to '${saved.ssid}'`
            : "[I][wifi]: No Wi-Fi credentials saved",
        );
      }
      if (this.failure === "no-improv") return;
      this.ready = true;
      io.print("[I][improv_serial]: Improv Serial ready");
    });
  }

  private get firmware() {
    return this.o.firmware ?? "Virtual firmware";
  }
  private get version() {
    return this.o.version ?? "1.0.0";
  }
  /** The URL list of an RPC result: empty for firmware with no web page. */
  private get urls(): string[] {
    if (this.o.url === null) return [];
    return [(this.o.url ?? "http://{name}.local").replaceAll("{name}", this.name)];
  }

  receive(bytes: Uint8Array): void {
    if (!this.ready) return; // still booting: what arrives is lost, as on a real UART
    this.scanner.push(bytes, (p) => {
      if (p.kind === "rpc") this.handle(p.rpc);
      else this.send(PacketType.errorState, [ErrorCode.invalidRpc]);
    });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ready = false;
  }

  private handle(rpc: Rpc): void {
    switch (rpc.command) {
      case Command.currentState:
        this.send(PacketType.currentState, [this.state]);
        if (this.state === State.provisioned)
          this.io.write(rpcResult(Command.currentState, this.urls));
        return;
      case Command.deviceInfo:
        this.io.write(
          rpcResult(Command.deviceInfo, [this.firmware, this.version, this.io.chip, this.name]),
        );
        return;
      case Command.scan:
        return this.scan();
      case Command.wifiSettings: {
        const settings = wifiSettings(rpc.data);
        if (!settings || this.busy) return this.send(PacketType.errorState, [ErrorCode.invalidRpc]);
        return this.join(settings.ssid, settings.password);
      }
      default:
        this.send(PacketType.errorState, [ErrorCode.unknownCommand]);
    }
  }

  private scan(): void {
    this.after(this.o.scanMs ?? 300, () => {
      if (this.failure === "network-gone" && this.scanned)
        for (const n of this.networks) this.gone.add(n.ssid);
      this.scanned = true;
      const seen = this.networks
        .filter((n) => this.visible(n.ssid))
        .sort((a, b) => b.rssi - a.rssi);
      for (const n of seen) {
        this.io.write(rpcResult(Command.scan, [n.ssid, String(n.rssi), secured(n) ? "YES" : "NO"]));
      }
      this.io.write(rpcResult(Command.scan, []));
    });
  }

  private join(ssid: string, password: string): void {
    this.busy = true;
    this.send(PacketType.errorState, [ErrorCode.none]);
    this.state = State.provisioning;
    this.send(PacketType.currentState, [this.state]);
    this.io.print(`[I][wifi]: Connecting to '${ssid}'…`);
    if (this.failure === "network-gone") for (const n of this.networks) this.gone.add(n.ssid);
    this.after(this.o.connectMs ?? 800, () => {
      this.busy = false;
      if (!this.visible(ssid) || !this.passwordOk(ssid, password)) {
        this.io.print(
          this.visible(ssid)
            ? `[W][wifi]: '${ssid}': authentication failed`
            : `[W][wifi]: '${ssid}' not found`,
        );
        this.state = State.ready;
        this.send(PacketType.errorState, [ErrorCode.unableToConnect]);
        this.send(PacketType.currentState, [this.state]);
        return;
      }
      saveSettings(this.io.flash, { ssid, password });
      this.state = State.provisioned;
      this.io.print(`[I][wifi]: Connected to '${ssid}'`);
      this.send(PacketType.currentState, [this.state]);
      this.io.write(rpcResult(Command.wifiSettings, this.urls));
    });
  }

  private visible(ssid: string): boolean {
    return this.networks.some((n) => n.ssid === ssid) && !this.gone.has(ssid);
  }

  private passwordOk(ssid: string, password: string): boolean {
    const n = this.networks.find((x) => x.ssid === ssid);
    if (!n || !secured(n)) return true;
    if (this.failure === "wrong-password") return false;
    return password === (n.password ?? DEFAULT_PASSWORD);
  }

  private send(type: number, data: number[]): void {
    this.io.write(frame(type, data));
  }

  private after(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
  }
}

const secured = (n: VirtualNetwork) => (n.auth ?? "WPA2") !== "open";
