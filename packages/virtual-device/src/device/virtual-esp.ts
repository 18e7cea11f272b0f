import type { AppIo, RunningApp, VirtualApp } from "../apps/app.js";
import { USB_RAM_BLOCK, type ChipFamily, type ChipModel } from "../chips.js";
import { SparseFlash } from "../flash/sparse-flash.js";
import type { LoaderHost } from "../protocol/host.js";
import { Loader } from "../protocol/loader.js";
import { RegisterFile } from "../protocol/registers.js";
import { SlipDecoder, slipEncode } from "../protocol/slip.js";
import { flashBoot, romBootLines, type ResetCause } from "./boot-log.js";
import { VirtualClock } from "./clock.js";
import { FaultEngine } from "./faults.js";
import { resolveOptions } from "./options.js";
import { ResetCircuit } from "./reset-circuit.js";
import { OtgLineState } from "./otg-line-state.js";
import type { BootMode } from "./reset-circuit.js";
import { garble, sameRate } from "./uart.js";
import type { UsbLink } from "./usb-link.js";
import { Wire } from "./wire.js";
import type {
  BootVerdict,
  DeviceState,
  FaultSpec,
  SerialSignals,
  UsbKind,
  VirtualEspOptions,
  VirtualSecurity,
} from "./types.js";

/** The baud application firmware talks at after boot (ESP8266 ROM logs at 74880 first). */
const APP_BAUD = 115200;
const OHAI = Uint8Array.of(0x4f, 0x48, 0x41, 0x49);
/** How often a ROM with no bootable image retries (and says so again). */
const ROM_RETRY_MS = 200;

/**
 * A virtual ESP chip: ROM loader, flasher stub, NOR flash, reset wiring and boot, behind a
 * byte-stream wire. Nothing a host sends can make it throw; bad input gets the ROM's replies.
 */
export class VirtualEsp {
  readonly chip: ChipFamily;
  readonly model: ChipModel;
  readonly usb: { usbVendorId: number; usbProductId: number };
  readonly usbKind: UsbKind;
  readonly flash: SparseFlash;
  readonly flashSize: string;
  readonly flashId: number;
  readonly mac: string;
  readonly clock: VirtualClock;
  /** Internal errors swallowed to keep the stream alive (should stay empty; tests check it). */
  readonly internalErrors: unknown[] = [];

  private _state: DeviceState = "halted";
  private _bootLog = "";
  private _lastBoot: BootVerdict | undefined;
  private baud: number;
  private autobaud = true;
  private inReset = false;
  private consoleLine = "";
  /** Flash firmware echoes lines; RAM code we cannot run does not. */
  private echo = true;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private romRetry: ReturnType<typeof setInterval> | undefined;
  private readonly faults: FaultEngine;
  private readonly circuit: ResetCircuit;
  private readonly registers: RegisterFile;
  private readonly loader: Loader;
  private readonly decoder: SlipDecoder;
  private readonly wire: Wire;
  private readonly disconnectListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly securityFlags: number;
  private readonly appFirmware: VirtualApp | undefined;
  /** The application running after a flash boot, when `options.app` gave one. */
  private app: RunningApp | undefined;
  private readonly security: VirtualSecurity;
  private readonly link: UsbLink;
  private readonly bridgeMaxBaud: number | undefined;
  /** usb-otg: every reset drops the chip off USB for this long (it re-enumerates). */
  private readonly reenumerateMs: number | undefined;
  /** usb-otg: DTR/RTS are CDC line-state bits the chip's software reads, not an EN/GPIO0 circuit. */
  private readonly otgLines: OtgLineState | undefined;
  /** usb-otg: GPIO0 is held low now (BOOT held or the strap grounded). */
  private readonly bootHeld: boolean;
  /** usb-otg: the strap latched at the last system reset; a usb-otg board came up with BOOT held. */
  private latchedDownload = true;
  /** A host transfer arrived and the chip has not answered yet: the next burst pays the USB latency. */
  private awaitingReply = false;
  private garbleSalt = 0;

  constructor(options: VirtualEspOptions) {
    const r = resolveOptions(options);
    this.chip = r.model.family;
    this.model = r.model;
    this.usb = r.usbIds;
    this.usbKind = r.usb;
    this.flashSize = r.flashSize;
    this.flashId = r.flashId;
    this.mac = Array.from(r.mac, (b) => b.toString(16).padStart(2, "0")).join(":");
    this.security = r.security;
    // GET_SECURITY_INFO bit 0 is SECURE_BOOT_EN.
    this.securityFlags = ((options.securityFlags ?? 0) | (r.security.secureBoot ? 1 : 0)) >>> 0;
    this.appFirmware = options.app;
    this.link = r.link;
    this.bridgeMaxBaud = r.usb === "uart-bridge" ? r.link.maxBaud : undefined;
    this.reenumerateMs = r.usb === "usb-otg" ? (options.usbReenumerateMs ?? 800) : undefined;
    this.otgLines = r.usb === "usb-otg" ? new OtgLineState() : undefined;
    this.bootHeld = options.bootHeld === true;
    this.flash = new SparseFlash(r.flashBytes, options.flashContents);
    this.clock = new VirtualClock(options.timing ?? "instant", r.link.native === true);
    this.faults = new FaultEngine(r.seed, options.faults, () => this.clock.elapsedMs);
    this.circuit = new ResetCircuit(r.usb);
    this.baud = r.model.bootBaud;
    this.registers = new RegisterFile(
      r.model,
      { id: r.flashId, sizeBytes: r.flashBytes },
      r.mac,
      () => this.baud,
      options.revision ?? r.model.defaultRevision,
    );
    this.registers.burnSecurity(r.security);
    if (options.flashVoltage)
      this.registers.setFlashSupply(
        options.flashVoltage.volts,
        options.flashVoltage.setBy ?? "strapping-pin",
      );
    if (options.octalFlash) this.registers.setOctalFlash();
    // The ROM's UARTDEV_BUF_NO names the console it talks on: esptool reads it to detect USB-OTG.
    const otg = r.model.usbOtg;
    if (otg) {
      const console =
        r.usb === "usb-otg" ? otg.otgConsole : r.usb === "usb-jtag-serial" ? otg.jtagConsole : 0;
      this.registers.fix(otg.uartDevBufNo, console ?? 0);
    }
    this.loader = new Loader(this.loaderHost());
    this.decoder = new SlipDecoder((frame) => this.loader.handle(frame));
    this.wire = new Wire(this.clock, this.faults);
    // Plugged in with nothing holding GPIO0 low: the board boots its firmware. The ROM's USB-OTG
    // port exists only in download mode, so a usb-otg board is one plugged in with BOOT held.
    this.boot(r.usb === "usb-otg" ? "download" : "flash");
  }

  get state(): DeviceState {
    return this._state;
  }

  /** Text of the last boot: ROM log plus the device's verdict on the image. */
  get bootLog(): string {
    return this._bootLog;
  }

  get lastBoot(): BootVerdict | undefined {
    return this._lastBoot;
  }

  /** The device UART's current baud. */
  get deviceBaud(): number {
    return this.baud;
  }

  /** The chip's own USB (USB-Serial/JTAG, USB-OTG) is USB CDC: the host's baud setting reaches no UART, so no rate ever garbles. */
  get ignoresBaud(): boolean {
    return this.usbKind !== "uart-bridge";
  }

  /** True while the ROM loader still follows the host's rate (auto-baud, before SYNC locks it). */
  get autobauding(): boolean {
    return this.autobaud && this._state === "download";
  }

  inject(fault: FaultSpec): void {
    this.faults.inject(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Plug back in after a disconnect: power-on, boots from flash. */
  reconnect(): void {
    if (this._state !== "disconnected") return;
    this.circuit.apply({ dataTerminalReady: false, requestToSend: false });
    this.otgLines?.clear();
    this.latchedDownload = true;
    this.boot(this.usbKind === "usb-otg" ? "download" : "flash");
    this.notify(this.reconnectListeners);
  }

  /** Told when a disconnected device is plugged back in (ports re-announce themselves). */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Reset the chip as if EN were pulsed with GPIO0 held as given (for hosts that cannot toggle lines). */
  reset(mode: BootMode): void {
    if (this._state === "disconnected") return;
    this.boot(mode);
  }

  receive(bytes: Uint8Array, hostBaud: number): void {
    try {
      if (this._state === "disconnected" || this.inReset || bytes.length === 0) return;
      this.clock.sync();
      this.awaitingReply = true;
      // Over USB-Serial/JTAG the chip's "rate" is whatever the host set: no UART is involved.
      if (this.ignoresBaud) this.baud = hostBaud;
      else if (this.autobaud && this._state === "download") {
        // The ROM measures the sync's bit times; with the fault it misjudges them and hears noise.
        this.baud =
          this.faults.active && this.faults.autobaudFails(hostBaud)
            ? Math.round(hostBaud * 0.8)
            : hostBaud;
      }
      let input = sameRate(hostBaud, this.baud) ? bytes : garble(bytes, hostBaud, this.baud);
      // A bridge driven past its rate mangles the bytes whatever the chip's rate.
      if (this.overBridgeLimit(hostBaud)) input = garble(bytes, hostBaud, hostBaud * 0.9);
      this.clock.wire(bytes.length, this.baud);
      if (this.faults.active) {
        input = this.faults.mangle(input, hostBaud);
        if (this.checkFaults()) return;
      } else {
        this.faults.count(bytes.length);
      }
      if (this._state === "running") {
        if (this.echo) this.console(input);
      } else if (this._state === "download" || this._state === "stub") {
        this.decoder.push(input);
      }
      this.checkFaults();
    } catch (e) {
      this.internalErrors.push(e);
    }
  }

  onTransmit(listener: (bytes: Uint8Array, deviceBaud: number) => void): () => void {
    return this.wire.listen(listener);
  }

  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  setSignals(signals: SerialSignals): void {
    try {
      if (this._state === "disconnected") return;
      if (this.otgLines) return this.otgSignals(signals);
      const { held, released } = this.circuit.apply(signals);
      if (held && !this.inReset) {
        this.inReset = true;
        this.stopApp();
        this._state = "halted";
        this.wire.clear();
      }
      if (released) this.resetChip(released);
    } catch (e) {
      this.internalErrors.push(e);
    }
  }

  /** An armed RTC watchdog resets the whole chip when it runs out; the straps decide the boot mode. */
  private armWatchdog(): void {
    const due = this.registers.watchdogDueMs;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    if (due === undefined) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      if (this._state === "disconnected" || this.inReset) return;
      if (this.otgLines) {
        // A system reset latches the straps anew: BOOT released by now boots the app.
        this.latchedDownload = this.bootHeld;
        this.resetChip(this.bootHeld ? "download" : "flash", "rtc-watchdog");
        return;
      }
      this.resetChip(this.circuit.strapped(), "rtc-watchdog");
    }, due);
    (this.watchdog as { unref?: () => void }).unref?.();
  }

  /** usb-otg: software reads the line state (see OtgLineState); RTS falling resets the CPU. */
  private otgSignals(signals: SerialSignals): void {
    const { rtsFell, dtr } = this.otgLines!.apply(signals);
    if (!rtsFell) return;
    const inLoader = this._state === "download" || this._state === "stub";
    // ROM and stub: the latched strap decides. The app's USB console: DTR high asks for the loader.
    const mode: BootMode = (inLoader ? this.latchedDownload : dtr) ? "download" : "flash";
    if (mode === "flash") {
      // The app brings up USB itself: the host sees the device leave and come back.
      this.resetChip("flash", "software-cpu");
      return;
    }
    // Into the ROM loader with the USB device kept alive (USBDC_PERSIST_ENA): no re-enumeration.
    this.boot("download", "software-cpu");
    const downMs = this.faults.active ? this.faults.usbDownMs("download") : undefined;
    if (downMs !== undefined) this.dropOffUsb(downMs);
  }

  /**
   * A reset while powered. The ROM's USB-OTG port goes with the chip: it drops off the bus and
   * re-enumerates on every reset; a chip on USB-Serial/JTAG may do so too (fault).
   */
  private resetChip(mode: BootMode, cause: ResetCause = "power-on"): void {
    this.boot(mode, cause);
    const downMs =
      (this.faults.active ? this.faults.usbDownMs(mode) : undefined) ?? this.reenumerateMs;
    if (downMs !== undefined) this.dropOffUsb(downMs);
  }

  /** Off the bus for `downMs`, then enumerated again in the state the chip is in by then. */
  private dropOffUsb(downMs: number): void {
    const state = this._state;
    this._state = "disconnected";
    this.wire.clear();
    this.notify(this.disconnectListeners);
    const back = setTimeout(() => {
      if (this._state !== "disconnected") return;
      this.otgLines?.clear();
      this._state = state;
      this.notify(this.reconnectListeners);
    }, downMs);
    (back as { unref?: () => void }).unref?.();
  }

  /** The bridge cannot carry this rate: everything through it garbles. */
  private overBridgeLimit(baud: number): boolean {
    return this.bridgeMaxBaud !== undefined && baud > this.bridgeMaxBaud;
  }

  /** Device → host through the USB link: latency once per reply burst, garbling above the bridge's limit. */
  private transmit(bytes: Uint8Array, baud: number): void {
    if (this.awaitingReply) {
      this.awaitingReply = false;
      this.clock.spend(this.link.latencyMs);
    }
    const out = this.overBridgeLimit(baud) ? garbleOut(bytes, ++this.garbleSalt) : bytes;
    this.wire.send(out, baud);
  }

  /**
   * An ESP32-family ROM that finds no image keeps retrying the flash boot, printing the same
   * line each time, until the chip is reset — which is how a monitor opened later still sees it.
   */
  private retryFlashBoot(line: string): void {
    this.romRetry = setInterval(() => {
      if (this._state === "halted" && !this.inReset) this.emitText([line], this.model.bootBaud);
    }, ROM_RETRY_MS);
    (this.romRetry as { unref?: () => void }).unref?.();
  }

  private boot(mode: BootMode, cause: ResetCause = "power-on"): void {
    this.stopApp();
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    clearInterval(this.romRetry);
    this.romRetry = undefined;
    this.echo = true;
    this.inReset = false;
    this.loader.reset();
    this.decoder.reset();
    this.registers.reset();
    this.consoleLine = "";
    this.baud = this.model.bootBaud;
    if (mode === "download") {
      const lines = romBootLines(this.model, mode, cause);
      this._state = "download";
      this.autobaud = true;
      this.setLog(lines);
      // The ROM prints its banner on UART0 before it brings up USB-OTG: nothing of it on that port.
      if (this.usbKind !== "usb-otg") this.emitText(lines, this.model.bootBaud);
      return;
    }
    const { lines, verdict, runs } = flashBoot(
      this.model,
      this.flash,
      this.flashSize,
      this.security,
      cause,
    );
    this._lastBoot = verdict;
    this.setLog(lines);
    this.emitText(lines, this.model.bootBaud);
    if (!runs) {
      this._state = "halted";
      const romRefusal = lines.find((l) => l.startsWith("invalid header:"));
      if (romRefusal && this.model.family !== "ESP8266")
        this.retryFlashBoot(romRefusal.split(" (")[0]!);
      return;
    }
    this._state = "running";
    this.autobaud = false;
    this.baud = APP_BAUD;
    if (this.appFirmware) {
      this.startApp(this.appFirmware);
      return;
    }
    this.emitText(
      [
        `[virtual ${this.chip}] firmware running on a virtual device; lines you type are echoed back.`,
      ],
      APP_BAUD,
    );
  }

  private startApp(app: VirtualApp): void {
    const io: AppIo = {
      chip: this.chip,
      mac: this.mac,
      flash: this.flash,
      write: (bytes) => {
        if (this._state === "running") this.wire.send(bytes, APP_BAUD);
      },
      print: (line) => {
        if (this._state === "running") this.emitText([line], APP_BAUD);
      },
    };
    try {
      this.app = app(io);
    } catch (e) {
      this.internalErrors.push(e);
    }
  }

  private stopApp(): void {
    const app = this.app;
    this.app = undefined;
    try {
      app?.stop();
    } catch (e) {
      this.internalErrors.push(e);
    }
  }

  private setLog(lines: string[]): void {
    this._bootLog = lines.join("\n") + "\n";
  }

  private emitText(lines: string[], baud: number): void {
    this.transmit(new TextEncoder().encode(lines.join("\r\n") + "\r\n"), baud);
  }

  private console(input: Uint8Array): void {
    if (this.app) return this.app.receive(input);
    for (const byte of input) {
      if (byte === 0x0d || byte === 0x0a) {
        if (this.consoleLine.length > 0) {
          this.emitText([`[virtual ${this.chip}] ${this.consoleLine}`], this.baud);
          this.consoleLine = "";
        }
      } else if (this.consoleLine.length < 256) {
        this.consoleLine += String.fromCharCode(byte);
      }
    }
  }

  /** Fire a due byte/time trigger; true if one fired. */
  private checkFaults(): boolean {
    if (!this.faults.active) return false;
    const action = this.faults.due(this.clock.elapsedMs);
    if (action) this.interrupt(action);
    return action !== undefined;
  }

  private interrupt(action: "disconnect" | "reset"): void {
    if (action === "reset") {
      this.boot("flash");
      return;
    }
    this.stopApp();
    this._state = "disconnected";
    clearInterval(this.romRetry);
    this.wire.clear();
    this.notify(this.disconnectListeners);
  }

  private notify(listeners: Set<() => void>): void {
    for (const l of [...listeners]) {
      try {
        l();
      } catch (e) {
        this.internalErrors.push(e);
      }
    }
  }

  private loaderHost(): LoaderHost {
    return {
      model: this.model,
      flash: this.flash,
      clock: this.clock,
      faults: this.faults,
      registers: this.registers,
      securityFlags: this.securityFlags,
      flashCryptCnt: this.security.flashCryptCnt ?? 0,
      keyPurposes: this.security.keyPurposes ?? [],
      send: (payload) => this.transmit(slipEncode(payload), this.baud),
      synced: () => {
        this.autobaud = false;
      },
      setBaud: (baud) => {
        this.baud = baud;
        this.autobaud = false;
      },
      usbBlockLimit: this.usbKind === "usb-otg" ? USB_RAM_BLOCK : undefined,
      stubStarted: () => {
        if (this.faults.stubFails()) {
          this._state = "halted";
          return;
        }
        const dropMs = this.faults.active ? this.faults.usbDropOnStubMs() : undefined;
        if (dropMs !== undefined) {
          // The stub re-initialised USB and the host lost the device; it comes back in the ROM loader.
          this.boot("download");
          this.dropOffUsb(dropMs);
          return;
        }
        this.transmit(slipEncode(OHAI), this.baud);
        // The stub attaches the SPI flash before it greets.
        this.registers.spi.attach();
        this.loader.stub = true;
        this._state = "stub";
        this.autobaud = false;
      },
      ramCodeStarted: () => {
        // Code the device cannot run: the loader is gone and the chip says nothing.
        this._state = "running";
        this.echo = false;
        this.autobaud = false;
      },
      checkWatchdog: () => this.armWatchdog(),
      runUserCode: () => this.resetChip("flash"),
      softReboot: () => this.resetChip("download"),
      interrupt: (action) => this.interrupt(action),
      reportInternal: (e) => this.internalErrors.push(e),
    };
  }
}

/** What a bridge pushed past its rate delivers: the byte count survives, the values do not. */
function garbleOut(bytes: Uint8Array, salt: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++)
    out[i] = ((bytes[i]! * 0x9d + salt * 31 + i) & 0xff) ^ 0x5a;
  return out;
}
