// Improv Wi-Fi around the install flow, DOM-free: the probe when the dialog opens, the wait for
// new firmware after an install. What follows a board that answers (dashboard, Wi-Fi setup,
// links) is ImprovSetup, loaded only then.
import { pythonFirmware } from "@esp-flash/core";
import type {
  FlashPlan,
  ImprovDeviceInfo,
  ImprovNetwork,
  ImprovState,
  Manifest,
  SerialPortLike,
} from "../../core-types.js";
import { BoardMenu, type ReadFirmware } from "../board-menu.js";
import type { FlashController } from "../controller.js";
import type { View } from "../view-state.js";
import { FirmwareWithoutImprov, firmwareWithoutImprov } from "./firmware-banner.js";
import type { ImprovSetup } from "./improv-setup.js";
import type { InstallKind } from "./improv-view-state.js";
import type { FlashOverrides } from "./links.js";

/** The part of core's ImprovSerial this flow uses. */
export interface ImprovLike {
  readonly state: ImprovState | undefined;
  readonly url: string | undefined;
  /** Reads what the firmware prints for `ms`, sending nothing. */
  listen(ms: number): Promise<void>;
  detect(timeoutMs: number): Promise<ImprovDeviceInfo>;
  scan(timeoutMs?: number): Promise<ImprovNetwork[]>;
  provision(ssid: string, password: string, timeoutMs?: number): Promise<string | undefined>;
  close(): Promise<void>;
}
export interface ImprovDeps {
  createClient(
    port: SerialPortLike,
    onLine: (line: string) => void,
  ): ImprovLike | Promise<ImprovLike>;
  /** False when the port never carried out the reset (the flow then just waits for the firmware). */
  resetIntoFirmware(port: SerialPortLike): Promise<boolean>;
  resetKeepsPort(port: SerialPortLike): boolean | Promise<boolean>;
  /** For the menu of a board without Improv: what its flash holds (left out when absent). */
  readFirmware?: ReadFirmware;
}
export interface ImprovEvents {
  provisioning(detail: { ssid: string }): void;
  provisioned(detail: { ssid: string; url?: string }): void;
}

/** EWT probes for about a second when its dialog opens; a booted firmware answers at once. */
export const PROBE_MS = 1500;
/**
 * Before any request goes out, what the board prints is read this long: Improv's request carries
 * Ctrl-A, Ctrl-C and Ctrl-B, which stop a running MicroPython program, so a board whose output
 * names MicroPython or CircuitPython gets nothing at all.
 */
export const LISTEN_FIRST_MS = 300;
const DEFAULT_WAIT_S = 10;
const APP_BAUD = 115200;

/**
 * MicroPython or CircuitPython, per port, as this page last saw its flash (read before an install,
 * or just written): such a board gets no Improv bytes and no probe when the dialog opens again.
 */
const pythonOnPort = new WeakMap<SerialPortLike, string>();

function remember(port: SerialPortLike | undefined, identity: FlashPlan["onBoard"]): void {
  if (!port || !identity) return;
  const name = pythonFirmware(identity);
  if (name) pythonOnPort.set(port, name);
  else pythonOnPort.delete(port);
}

export class ImprovFlow {
  private client: ImprovLike | undefined;
  private info: ImprovDeviceInfo | undefined;
  private port: SerialPortLike | undefined;
  private portOpen = false;
  private afterInstall = false;
  private doneView: View | undefined;
  private manifestCache: Manifest | undefined;
  /** Bumped whenever the person moves on; a slower async step that sees it changed stops. */
  private generation = 0;
  private setup: ImprovSetup | undefined;
  private readonly menu: BoardMenu;
  /** The view the console was opened from, for its Back. */
  private consoleFrom: View | undefined;

  constructor(
    private readonly controller: FlashController,
    private readonly deps: ImprovDeps,
    private readonly o: { overrides?: FlashOverrides; events: ImprovEvents },
  ) {
    this.menu = new BoardMenu(controller, deps.readFirmware);
    controller.subscribe((view) => {
      // What the flash holds, as read before an install, and what it holds once one succeeded.
      if (view.name === "summary") remember(this.port, view.plan.onBoard);
      if (view.name === "menu") remember(this.port, view.onBoard);
      if (view.name === "done" && view.result.outcome !== "cancelled")
        remember(this.port, view.plan?.incoming);
      if (view.name === "done" && view !== this.doneView)
        queueMicrotask(() => void this.afterDone(view));
      if (view.name === "closed") void this.release(true);
    });
  }

  /** Opens on `port`: the dashboard when the board already runs Improv firmware, else the menu
   * (install, or the console); the install when the manifest did not load (it says why). */
  async begin(port: SerialPortLike): Promise<void> {
    this.port = port;
    const gen = ++this.generation;
    const manifest = await this.controller.loadManifestOnce().catch(() => undefined);
    this.manifestCache = manifest;
    const python = pythonOnPort.get(port);
    if (python && manifest && manifest.new_install_improv_wait_time !== 0)
      this.controller.log.push(
        `${python} is on the board: it does not offer Wi-Fi setup over Improv, so nothing is sent to it.`,
      );
    else if (manifest && manifest.new_install_improv_wait_time !== 0) {
      this.controller.show({ name: "probing" });
      const found = await this.connect(PROBE_MS, false).catch(() => false);
      if (gen !== this.generation) return;
      if (found) return this.withSetup((s) => s.showDashboard());
      await this.release(true);
    }
    if (gen !== this.generation) return;
    if (manifest) this.menu.show(port, manifest);
    else void this.controller.start(port);
  }

  installFirmware(kind: InstallKind, erase = false): void {
    const port = this.port;
    if (!port) return;
    const gen = ++this.generation;
    this.afterInstall = true;
    // From the dashboard: what the firmware said it runs, for the confirmation to name.
    const shown = this.controller.view;
    const running =
      shown.name === "dashboard"
        ? { name: shown.info.firmware, version: shown.info.version }
        : undefined;
    // The menu may still be reading the flash: the install connects once it let go of the port.
    if (this.controller.view.name === "menu")
      this.controller.show({ name: "connecting", step: "connecting" });
    void this.menu
      .settled()
      .then(() => this.release(true))
      .then(() => {
        if (gen !== this.generation || this.controller.view.name === "closed") return;
        return this.controller.start(port, {
          update: kind !== "install",
          ...(erase ? { erase: true } : {}),
          ...(running ? { running } : {}),
        });
      });
  }

  // Wi-Fi setup is reached from views that show only once ImprovSetup is loaded.
  showWifi(): void {
    this.setup?.wifi.show();
  }

  selectNetwork(ssid: string | null): void {
    this.setup?.wifi.select(ssid);
  }

  rescan(): void {
    this.setup?.wifi.rescan();
  }

  async connectWifi(ssid: string, password: string): Promise<void> {
    await this.setup?.wifi.connect(ssid, password);
  }

  /** Leaves Wi-Fi setup (or the wait for new firmware): to the dashboard, else the install result. */
  skipWifi(): void {
    if (this.client && this.info && this.controller.view.name !== "improv-waiting")
      return void this.withSetup((s) => s.showDashboard());
    this.generation++;
    void this.release(true);
    if (this.doneView) this.controller.show(this.doneView);
  }

  /** The console reads the port itself: let go of it first. */
  async openConsole(): Promise<void> {
    const gen = ++this.generation;
    const from = this.controller.view;
    const menus = ["menu", "dashboard", "done"];
    this.consoleFrom = menus.includes(from.name) ? from : undefined;
    // The console closes and reopens the port; an Improv reader still on it would block that.
    if (this.client) await this.release(false);
    await this.menu.settled();
    if (gen !== this.generation || this.controller.view.name === "closed") return;
    this.portOpen = false;
    this.controller.openConsole(!!this.consoleFrom);
  }

  /** From the console (which has let go of the port): the menu again, the dashboard after a new
   * look for Improv (as ESP Web Tools does), or the install's result. */
  back(): void {
    const from = this.consoleFrom;
    const port = this.port;
    if (!from || !port) return;
    if (from.name === "menu") this.menu.show(port, from.manifest);
    else if (from.name === "dashboard") void this.begin(port);
    else this.controller.show(from);
  }

  private async afterDone(view: View & { name: "done" }): Promise<void> {
    this.doneView = view;
    const manifest =
      view.manifest ?? (await this.controller.loadManifestOnce().catch(() => undefined));
    this.manifestCache = manifest ?? this.manifestCache;
    const seconds = manifest?.new_install_improv_wait_time ?? DEFAULT_WAIT_S;
    if (!manifest || !this.port || seconds === 0 || view.result.outcome === "cancelled") return;
    // The firmware just installed says what it is: MicroPython and CircuitPython have no Improv,
    // and its request bytes would stop the program they start.
    const python = pythonFirmware(view.plan?.incoming);
    if (python) {
      this.controller.log.push(
        `${python} was installed: it does not offer Wi-Fi setup over Improv, so there is nothing to wait for.`,
      );
      return;
    }
    const gen = ++this.generation;
    this.afterInstall = true;
    const pressReset = view.result.restart === "press-reset";
    this.controller.show({ name: "improv-waiting", manifest, seconds, pressReset });
    const found = await this.connect(seconds * 1000, true).catch(() => false);
    if (gen !== this.generation) return;
    if (!found) {
      await this.release(true);
      if (gen === this.generation) this.controller.show(view);
      return;
    }
    const provisioned = this.client?.state === "provisioned";
    await this.withSetup((s) => (provisioned ? s.showProvisioned() : s.wifi.show()));
  }

  /** Opens the port at the firmware's baud (resetting into the firmware first after an install) and finds Improv. */
  private async connect(timeoutMs: number, reset: boolean): Promise<boolean> {
    const port = this.port!;
    await this.release(true);
    if (port.readable) await port.close().catch(() => undefined);
    await port.open({ baudRate: APP_BAUD });
    this.portOpen = true;
    // The session has reset the board already; resetting again with the port open catches the
    // firmware's boot log, but only where a reset does not take the port away (USB-UART bridges).
    if (reset && (await this.deps.resetKeepsPort(port))) await this.deps.resetIntoFirmware(port);
    // New firmware that names itself as one without Improv ends the wait at its banner.
    let named: (error: FirmwareWithoutImprov) => void = () => {};
    const banner = new Promise<never>((_, reject) => (named = reject));
    banner.catch(() => undefined);
    const client = await this.deps.createClient(port, (line) => {
      this.controller.log.push(line);
      const firmware = firmwareWithoutImprov(line);
      if (!firmware) return;
      pythonOnPort.set(port, firmware);
      const error = new FirmwareWithoutImprov(firmware);
      this.controller.log.push(error.message);
      named(error);
    });
    this.client = client;
    // Read first: a banner naming MicroPython or CircuitPython ends this before a byte is sent.
    const started = Date.now();
    await Promise.race([client.listen(Math.min(LISTEN_FIRST_MS, timeoutMs)), banner]);
    const left = Math.max(timeoutMs - (Date.now() - started), 1);
    this.info = await Promise.race([client.detect(left), banner]);
    return true;
  }

  /** Loads ImprovSetup (once) and runs `then` with it, unless the person moved on meanwhile. */
  private async withSetup(then: (setup: ImprovSetup) => void): Promise<void> {
    const gen = this.generation;
    try {
      this.setup ??= new (await import("./improv-setup.js")).ImprovSetup({
        controller: this.controller,
        events: this.o.events,
        overrides: this.o.overrides,
        client: () => this.client,
        info: () => this.info,
        deviceName: () => this.info?.name,
        manifest: () => this.manifestCache,
        afterInstall: () => this.afterInstall,
        generation: () => this.generation,
      });
    } catch (e) {
      if (gen === this.generation) this.controller.fail("load-failed", (e as Error).message);
      return;
    }
    if (gen === this.generation) then(this.setup);
  }

  private async release(closePort: boolean): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
    if (closePort && this.portOpen) {
      this.portOpen = false;
      await this.port?.close().catch(() => undefined);
    }
  }
}
