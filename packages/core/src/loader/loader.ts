import {
  chipFromEsptoolJsName,
  chipInfo,
  detectFlashSize,
  type ChipFamily,
} from "../session/deps.js";
import { USB_RAM_BLOCK, type RtcWatchdogRegs } from "../chips/index.js";
import { hex } from "../session/describe.js";
import { FlashError } from "../session/errors.js";
import type { SerialPortLike, UsbKind } from "../session/types.js";
import { raiseBaud, SAFE_BAUD } from "./baud.js";
import { DeviceLostSignal, type Control } from "./control.js";
import { flashMd5 } from "./md5.js";
import { OP, ROM_BAUD, SECURE_DOWNLOAD_FLAG } from "./opcodes.js";
import { release, resetIntoFirmware, watchdogIntoFirmware } from "./reset.js";
import { openWire, reconnect, type Wire } from "./wire.js";
import type { DeflatedImage } from "./deflate.js";
import { writeCompressed } from "./write.js";
import { readFlashBlocks } from "./read.js";
import { readChipGuardFacts, type ChipGuardFacts } from "../guards/read.js";
import { readChipHardware, type ChipHardware } from "./hardware.js";

/** esptool-js sizes a ROM erase in whole write blocks but keeps the stub's 16 KB block for the
 * ROM too: up to 16 KB past each part would be erased. The ROM's block is 1 KB, as in esptool. */
const ROM_FLASH_WRITE_SIZE = 0x400;
const FLASH_ID_READS = 4;
const STUB_ADVICE = "Press RESET on the board (or unplug it and plug it back in), then retry.";

export interface ChipDetails {
  family: ChipFamily;
  description?: string;
  revision?: string;
  features?: string[];
  mac?: string;
}

export interface FlashIdentity {
  id: number;
  /** "4MB" …; undefined when the ID is not in esptool's tables. */
  size?: string;
  bytes?: number;
}

/**
 * The only code that talks to esptool-js: sync, identify, stub, baud, flash ID, MD5, erase,
 * write, read, reset, release. The session orders these steps; it never sees esptool-js.
 */
export class Loader {
  /** Set once the link is found to be USB-OTG: the registers that reset the chip into its firmware. */
  #otgWatchdog: RtcWatchdogRegs | undefined;

  private constructor(private readonly wire: Wire) {}

  /** Open the port and sync with the ROM loader at 115200 (resetting into download mode as the port needs). */
  static async open(
    port: SerialPortLike,
    ctl: Control,
    log: (line: string) => void,
  ): Promise<Loader> {
    return new Loader(await openWire(port, ctl, log));
  }

  get usb(): UsbKind {
    return this.wire.usb;
  }
  /** True when the flasher stub runs; false when talking to the ROM loader. */
  get stub(): boolean {
    return this.wire.esp.IS_STUB;
  }
  get baudRate(): number {
    return this.wire.transport.baudrate || ROM_BAUD;
  }

  /** The chip family and what its ROM tells about it (best effort). Refuses secure download mode. */
  async chipDetails(): Promise<ChipDetails> {
    const { esp, ctl } = this.wire;
    const chip = chipFromEsptoolJsName(esp.chip.CHIP_NAME);
    if (!chip) {
      throw new FlashError(
        "chip-unknown",
        `This flasher does not support ${esp.chip.CHIP_NAME}.`,
        "Use a board with a supported ESP chip.",
        "detecting",
      );
    }
    await this.#refuseSecureDownloadMode(chip.family);
    const optional = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await ctl.run(read());
      } catch (error) {
        if (ctl.aborted || ctl.lost) throw error;
        this.wire.log(`Could not read chip details: ${String(error)}`);
        return undefined;
      }
    };
    const description = await optional(() => esp.chip.getChipDescription(esp));
    const revision = esp.chip.getChipRevision
      ? await optional(() => esp.chip.getChipRevision!(esp))
      : undefined;
    const features = await optional(() => esp.chip.getChipFeatures(esp));
    const mac = await optional(() => esp.chip.readMac(esp));
    return {
      family: chip.family,
      ...(description !== undefined ? { description } : {}),
      ...(revision !== undefined ? { revision: String(revision) } : {}),
      ...(features ? { features } : {}),
      ...(mac !== undefined ? { mac } : {}),
    };
  }

  /** Security state and revision for the guards, read while the ROM answers (before the stub). */
  guardFacts(family: ChipFamily): Promise<ChipGuardFacts> {
    return this.wire.ctl.run(readChipGuardFacts(this.wire.esp, family));
  }

  /** Crystal, flash voltage and type, the ESP8266's chip ID: as esptool reads them, best effort. */
  hardware(family: ChipFamily): Promise<ChipHardware> {
    const { esp, ctl } = this.wire;
    return readChipHardware(
      (address) => ctl.run(esp.readReg(address)),
      family,
      { rate: this.baudRate, usb: this.wire.usb },
      this.wire.log,
      () => ctl.aborted || ctl.lost,
    );
  }

  /**
   * Secure download mode: the ROM refuses the stub, register reads (flash ID) and MD5, so
   * nothing could be detected or verified. A garbled security-info reply can look like it,
   * so the flag must read the same twice before we refuse.
   */
  async #refuseSecureDownloadMode(family: ChipFamily) {
    // The ESP8266 and ESP32 ROMs have no GET_SECURITY_INFO (and no secure download mode).
    if (family === "ESP8266" || family === "ESP32") return;
    const { esp, ctl } = this.wire;
    const secure = async (cached: boolean) => {
      try {
        return ((await ctl.run(esp.getSecurityInfo(cached))).flags & SECURE_DOWNLOAD_FLAG) !== 0;
      } catch (error) {
        if (ctl.aborted || ctl.lost) throw error;
        return undefined;
      }
    };
    // esptool-js reads the flags only when it identified the chip by them (not the ESP32-S2).
    if (!(await secure(true))) return;
    if ((await secure(false)) === false) {
      this.wire.log(
        "The security info read differently twice (line noise); not in secure download mode.",
      );
      esp.secureDownloadMode = false;
      return;
    }
    throw new FlashError(
      "secure-download-mode",
      `This ${family} is in secure download mode: its ROM refuses the commands needed to detect the flash size and to check what was written, so it cannot be flashed and verified here. Nothing was written.`,
      "Flash it with esptool (`esptool --no-stub write-flash …`, unverified), or use a board whose eFuses do not enable secure download mode.",
      "detecting",
    );
  }

  /**
   * USB-OTG as esptool detects it: the ROM's `UARTDEV_BUF_NO` names the console it talks on.
   * This finds the link when the port's USB ids did not tell (Web Serial without ids). Over
   * USB-OTG the loader's USB buffer takes RAM and flash blocks of at most USB_RAM_BLOCK
   * (0x800): the stub is uploaded in such blocks, and `startStub` sizes flash blocks the same.
   */
  async detectUsbOtg(family: ChipFamily): Promise<void> {
    const { esp, ctl } = this.wire;
    const otg = chipInfo(family).usbOtg;
    // Secure download mode refuses register reads (esptool: "can't detect native USB").
    if (!otg || this.wire.usb === "usb-jtag-serial" || esp.secureDownloadMode) return;
    try {
      const console = (await ctl.run(esp.readReg(otg.uartDevBufNo))) & 0xff;
      if (console === otg.otgConsole && this.wire.usb !== "usb-otg") {
        this.wire.log("The ROM talks over its own USB-OTG port.");
        this.wire.usb = "usb-otg";
      }
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      this.wire.log(`Could not read which port the ROM uses (${String(error)}).`);
    }
    if (this.wire.usb === "usb-otg") {
      esp.ESP_RAM_BLOCK = USB_RAM_BLOCK;
      this.#otgWatchdog = otg?.watchdog;
    }
  }

  /** Start the flasher stub; on a failure fall back to the ROM loader where that can work. */
  async startStub(family: ChipFamily): Promise<void> {
    const { esp, ctl } = this.wire;
    for (let attempt = 1; ; attempt++) {
      try {
        await ctl.run(esp.runStub());
        break;
      } catch (error) {
        if (ctl.aborted || ctl.lost) throw error;
        // A rejected upload block (bad checksum on a noisy line) or a missed greeting ("OHAI",
        // 3 s) is worth one more try from a clean reset, before giving up on the stub.
        if (attempt === 1) {
          this.wire.log(`Stub upload failed (${String(error)}); resetting and trying again.`);
          await reconnect(this.wire, "none");
          continue;
        }
        // The ESP8266 ROM has no compressed writes and no MD5: without the stub we cannot verify.
        if (family === "ESP8266") {
          throw new FlashError(
            "stub-failed",
            `The flasher stub did not start on the ESP8266 (${String(error)}).`,
            STUB_ADVICE,
            "detecting",
            { cause: error },
          );
        }
        this.wire.log(
          `The flasher stub did not start (${String(error)}); continuing with the ROM loader.`,
        );
        await reconnect(this.wire, "rom");
        break;
      }
    }
    if (!esp.IS_STUB) esp.FLASH_WRITE_SIZE = ROM_FLASH_WRITE_SIZE;
    // The stub's USB-OTG buffer: a 16 KB block gets "Too much data" (esptool's USB_RAM_BLOCK).
    if (this.wire.usb === "usb-otg")
      esp.FLASH_WRITE_SIZE = Math.min(esp.FLASH_WRITE_SIZE, USB_RAM_BLOCK);
  }

  /** The highest rate the link holds, up to `cap` or, without one, the bridge's own (see baud.ts). */
  raiseBaud(cap?: number): Promise<number> {
    return raiseBaud(this.wire, cap);
  }

  /**
   * The flash ID, read until two reads agree: register replies carry no checksum, and one
   * garbled reply would patch every header for a wrong (or "unknown") size without a trace.
   */
  async flashIdentity(family: ChipFamily): Promise<FlashIdentity> {
    const { esp, ctl } = this.wire;
    let last = await ctl.run(detectFlashSize(esp, family));
    for (let read = 2; read <= FLASH_ID_READS; read++) {
      const next = await ctl.run(detectFlashSize(esp, family));
      if (next.id === last.id) return next;
      this.wire.log(
        `The flash ID read as ${hex(last.id)}, then ${hex(next.id)}; reading it again.`,
      );
      last = next;
    }
    throw new FlashError(
      "serial-noise",
      `The flash chip's ID read differently ${FLASH_ID_READS} times: the serial line is garbling replies.`,
      "Retry; use a shorter USB cable, another USB port, or a powered hub.",
      "detecting",
    );
  }

  /**
   * After trouble at a rate above 921600: note the rate as not held, reset, bring the loader
   * back (the stub again where it ran) with its flash size, and settle at 921600 or lower.
   * Returns the new rate.
   */
  async fallBack(): Promise<number> {
    const { esp } = this.wire;
    const from = this.baudRate;
    this.wire.failedRate = Math.min(this.wire.failedRate ?? from, from);
    const stub = esp.IS_STUB;
    const blockSize = esp.FLASH_WRITE_SIZE;
    await reconnect(this.wire, stub ? "stub" : "rom");
    esp.FLASH_WRITE_SIZE = blockSize;
    const rate = await raiseBaud(this.wire, SAFE_BAUD);
    if (this.#flashBytes !== undefined) await this.setFlashSize(this.#flashBytes);
    return rate;
  }

  #flashBytes: number | undefined;

  /** esptool-js never sends SPI_SET_PARAMS, leaving the stub at its 16MB default; esptool does. */
  async setFlashSize(totalBytes: number): Promise<void> {
    this.#flashBytes = totalBytes;
    const { esp, ctl } = this.wire;
    const words = [0, totalBytes, 64 * 1024, 4 * 1024, 256, 0xffff];
    const packet = new Uint8Array(words.length * 4);
    const view = new DataView(packet.buffer);
    words.forEach((word, i) => view.setUint32(i * 4, word >>> 0, true));
    try {
      await ctl.run(esp.checkCommand("set SPI params", OP.SPI_SET_PARAMS, packet));
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      this.wire.log(`The loader did not take the flash parameters (${String(error)}); continuing.`);
    }
  }

  /** MD5 of a flash region, lowercase hex. */
  md5(offset: number, size: number): Promise<string> {
    return flashMd5(this.wire.esp, this.wire.ctl, offset, size);
  }

  /** Erase the whole chip (stub only); false when the loader cannot. */
  /** Throws DeviceLostSignal once the link is gone: a command sent now would reach nothing. */
  throwIfLost(): void {
    if (this.wire.ctl.lost) throw new DeviceLostSignal("device lost");
  }

  async eraseAll(): Promise<boolean> {
    if (!this.stub) return false;
    await this.wire.ctl.run(this.wire.esp.eraseFlash());
    return true;
  }

  /** The size `write` cuts deflated data into (known once the stub runs or did not start). */
  get writeBlockSize(): number {
    return this.wire.esp.FLASH_WRITE_SIZE;
  }

  /**
   * Write `data` at `offset`, compressed; `onProgress` gets uncompressed bytes done.
   * `deflated`: the same bytes deflated ahead of time in blocks of `writeBlockSize`.
   */
  write(
    data: Uint8Array,
    offset: number,
    onProgress: (written: number) => void,
    deflated?: DeflatedImage,
  ): Promise<void> {
    return writeCompressed(this.wire, data, offset, onProgress, deflated);
  }

  /** Read `length` bytes at `offset` with the stub's READ_FLASH, checked against the stub's MD5. */
  async read(
    offset: number,
    length: number,
    onProgress: (read: number) => void,
  ): Promise<{ data: Uint8Array; md5: string }> {
    if (!this.stub) {
      throw new FlashError(
        "read-needs-stub",
        "Reading the flash needs the flasher stub, which is not running.",
        "Press RESET on the board, then retry.",
        "reading",
      );
    }
    return readFlashBlocks(this.wire, offset, length, onProgress); // checked and hashed once
  }

  /** Pulse EN with IO0 released so the chip boots its firmware; false when it did not restart. */
  resetIntoFirmware(): Promise<boolean> {
    const otgWatchdog = this.wire.usb === "usb-otg" ? this.#otgWatchdog : undefined;
    if (otgWatchdog) return watchdogIntoFirmware(this.wire, otgWatchdog);
    return resetIntoFirmware(this.wire);
  }

  /** Close the port whatever state it is in. Never throws. */
  release(): Promise<void> {
    return release(this.wire);
  }
}
