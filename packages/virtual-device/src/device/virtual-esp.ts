import type { AppIo, RunningApp, VirtualApp } from "../apps/app.js";
import type { ChipFamily, ChipModel } from "../chips.js";
import { SparseFlash } from "../flash/sparse-flash.js";
import type { LoaderHost } from "../protocol/host.js";
import { Loader } from "../protocol/loader.js";
import { RegisterFile } from "../protocol/registers.js";
import { SlipDecoder, slipEncode } from "../protocol/slip.js";
import { flashBoot, romBootLines } from "./boot-log.js";
import { VirtualClock } from "./clock.js";
import { FaultEngine } from "./faults.js";
import { resolveOptions } from "./options.js";
import { ResetCircuit } from "./reset-circuit.js";
import type { BootMode } from "./reset-circuit.js";
import { garble, sameRate } from "./uart.js";
import { Wire } from "./wire.js";
import type { BootVerdict, DeviceState, FaultSpec, SerialSignals, VirtualEspOptions, VirtualSecurity } from "./types.js";

/** The baud application firmware talks at after boot (ESP8266 ROM logs at 74880 first). */
const APP_BAUD = 115200;
const OHAI = Uint8Array.of(0x4f, 0x48, 0x41, 0x49);

/**
 * A virtual ESP chip: ROM loader, flasher stub, NOR flash, reset wiring and boot, behind a
 * byte-stream wire. Nothing a host sends can make it throw; bad input gets the ROM's replies.
 */
export class VirtualEsp {
  readonly chip: ChipFamily;
  readonly model: ChipModel;
  readonly usb: { usbVendorId: number; usbProductId: number };
  readonly usbKind: "uart-bridge" | "usb-jtag-serial";
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
    this.flash = new SparseFlash(r.flashBytes, options.flashContents);
    this.clock = new VirtualClock(options.timing ?? "instant");
    this.faults = new FaultEngine(r.seed, options.faults, () => this.clock.elapsedMs);
    this.circuit = new ResetCircuit(r.usb);
    this.baud = r.model.bootBaud;
    this.registers = new RegisterFile(r.model, { id: r.flashId, sizeBytes: r.flashBytes }, r.mac, () => this.baud, options.revision ?? 0);
    this.registers.burnEsp32Security(r.security.secureBoot, r.security.flashCryptCnt ?? 0);
    this.loader = new Loader(this.loaderHost());
    this.decoder = new SlipDecoder((frame) => this.loader.handle(frame));
    this.wire = new Wire(this.clock, this.faults);
    // Plugged in with nothing holding GPIO0 low: the board boots its firmware.
    this.boot("flash");
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
    this.boot("flash");
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
      if (this.autobaud && this._state === "download") this.baud = hostBaud;
      let input = sameRate(hostBaud, this.baud) ? bytes : garble(bytes, hostBaud, this.baud);
      this.clock.wire(bytes.length, this.baud);
      if (this.faults.active) {
        input = this.faults.mangle(input);
        if (this.checkFaults()) return;
      } else {
        this.faults.count(bytes.length);
      }
      if (this._state === "running") this.console(input);
      else if (this._state === "download" || this._state === "stub") this.decoder.push(input);
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
      const { held, released } = this.circuit.apply(signals);
      if (held && !this.inReset) {
        this.inReset = true;
        this.stopApp();
        this._state = "halted";
        this.wire.clear();
      }
      if (released) this.boot(released);
    } catch (e) {
      this.internalErrors.push(e);
    }
  }

  private boot(mode: BootMode): void {
    this.stopApp();
    this.inReset = false;
    this.loader.reset();
    this.decoder.reset();
    this.registers.reset();
    this.consoleLine = "";
    this.baud = this.model.bootBaud;
    if (mode === "download") {
      const lines = romBootLines(this.model, mode);
      this._state = "download";
      this.autobaud = true;
      this.setLog(lines);
      this.emitText(lines, this.model.bootBaud);
      return;
    }
    const { lines, verdict, runs } = flashBoot(this.model, this.flash, this.flashSize, this.security);
    this._lastBoot = verdict;
    this.setLog(lines);
    this.emitText(lines, this.model.bootBaud);
    if (!runs) {
      this._state = "halted";
      return;
    }
    this._state = "running";
    this.autobaud = false;
    this.baud = APP_BAUD;
    if (this.appFirmware) {
      this.startApp(this.appFirmware);
      return;
    }
    this.emitText([`[virtual ${this.chip}] firmware running on a virtual device; lines you type are echoed back.`], APP_BAUD);
  }

  private startApp(app: VirtualApp): void {
    const io: AppIo = {
      chip: this.chip,
      mac: this.mac,
      flash: this.flash,
      write: (bytes) => { if (this._state === "running") this.wire.send(bytes, APP_BAUD); },
      print: (line) => { if (this._state === "running") this.emitText([line], APP_BAUD); },
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
    this.wire.send(new TextEncoder().encode(lines.join("\r\n") + "\r\n"), baud);
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
      send: (payload) => this.wire.send(slipEncode(payload), this.baud),
      synced: () => {
        this.autobaud = false;
      },
      setBaud: (baud) => {
        this.baud = baud;
        this.autobaud = false;
      },
      stubStarted: () => {
        if (this.faults.stubFails()) {
          this._state = "halted";
          return;
        }
        this.wire.send(slipEncode(OHAI), this.baud);
        this.loader.stub = true;
        this._state = "stub";
        this.autobaud = false;
      },
      runUserCode: () => this.boot("flash"),
      softReboot: () => this.boot("download"),
      interrupt: (action) => this.interrupt(action),
      reportInternal: (e) => this.internalErrors.push(e),
    };
  }
}
