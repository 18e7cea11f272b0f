import { NOR_TIMING } from "../device/clock.js";
import { FlashReader, flashMd5, md5Reply, readFlashSlow } from "./flash-read.js";
import { FlashWriter } from "./flash-write.js";
import { Interrupted, LoaderError, Op, RomError } from "./host.js";
import type { LoaderHost } from "./host.js";

/** Stub error codes (the flasher stub's own set, sent instead of ROM codes). */
const STUB_CODE: Readonly<Record<number, number>> = {
  [RomError.INVALID_MESSAGE]: 0xc0,
  [RomError.BAD_CHECKSUM]: 0xc1,
  [RomError.FAILED]: 0xc6,
  [RomError.FLASH_WRITE]: 0xc4,
  [RomError.FLASH_READ]: 0xc4,
  [RomError.READ_LENGTH]: 0xc0,
  [RomError.DEFLATE]: 0xc7,
};
const STUB_NOT_IMPLEMENTED = 0xff;
/** The stub's ESP_TOO_MUCH_DATA: esptool prints it as "Too much data" (0xC900). */
const STUB_TOO_MUCH_DATA = 0xc9;
const SYNC_BODY = [0x07, 0x07, 0x12, 0x20];
const NO_DATA = new Uint8Array(0);
/** The ROM always answers READ_FLASH_SLOW with a 64-byte buffer (esptool reads `resp_data_len=64`). */
const SLOW_READ_REPLY = 64;

/** What a ROM in secure download mode still accepts; everything else is refused as unsupported. */
const SECURE_DOWNLOAD_ALLOWED: ReadonlySet<number> = new Set([
  Op.SYNC,
  Op.CHANGE_BAUDRATE,
  Op.FLASH_BEGIN,
  Op.FLASH_DATA,
  Op.FLASH_END,
  Op.FLASH_DEFL_BEGIN,
  Op.FLASH_DEFL_DATA,
  Op.FLASH_DEFL_END,
  Op.SPI_ATTACH,
  Op.SPI_SET_PARAMS,
  Op.GET_SECURITY_INFO,
]);
/** esptool's SECURE_DOWNLOAD_ENABLE flag in GET_SECURITY_INFO. */
export const SECURE_DOWNLOAD_ENABLE = 1 << 2;

/**
 * The device runs no code, so it recognises a flasher stub by the greeting it carries: the
 * word "OHAI" as a literal (Xtensa stubs) or built with `lui rd, 0x49415` (RISC-V stubs).
 */
export function carriesStubGreeting(code: Uint8Array): boolean {
  for (let i = 0; i + 4 <= code.length; i++) {
    if (code[i] === 0x4f && code[i + 1] === 0x48 && code[i + 2] === 0x41 && code[i + 3] === 0x49)
      return true;
    if (i % 2 === 0) {
      const w =
        (code[i]! | (code[i + 1]! << 8) | (code[i + 2]! << 16) | (code[i + 3]! << 24)) >>> 0;
      if ((w & 0x7f) === 0x37 && w >>> 12 === 0x49415) return true;
    }
  }
  return false;
}

/** 0xEF XOR every byte, folded through 32-bit words where the data is aligned. */
export function xorChecksum(data: Uint8Array): number {
  let x = 0xef;
  let i = 0;
  const head = (4 - (data.byteOffset & 3)) & 3;
  for (; i < head && i < data.length; i++) x ^= data[i]!;
  const words = (data.length - i) >> 2;
  if (words > 0) {
    const view = new Int32Array(data.buffer, data.byteOffset + i, words);
    let w = 0;
    for (let k = 0; k < words; k++) w ^= view[k]!;
    x ^= (w ^ (w >>> 8) ^ (w >>> 16) ^ (w >>> 24)) & 0xff;
    i += words * 4;
  }
  for (; i < data.length; i++) x ^= data[i]!;
  return x;
}

/**
 * The serial loader: the ROM's, then the flasher stub's once uploaded. Each request frame
 * gets exactly the reply the real loader sends — including its error replies for bad
 * lengths, checksums and unknown ops. Nothing thrown here escapes `handle`.
 */
/** The flasher stub starts with a 16 MB flash size (as ROMs in download mode); SPI_SET_PARAMS sets another. */
const DEFAULT_CHIP_SIZE = 16 * 1024 * 1024;

export class Loader {
  private isStub = false;
  /** The flash size reads are checked against (SPI_SET_PARAMS); undefined: the default. */
  private chipSize: number | undefined;
  private readonly writer: FlashWriter;
  private readonly reader: FlashReader;
  private memSeq = -1;
  private memBlocks: Uint8Array[] = [];
  private flashError: LoaderError | undefined;
  private readonly reply = new Uint8Array(8 + 64 + 4);

  constructor(private readonly host: LoaderHost) {
    this.writer = new FlashWriter(host);
    this.reader = new FlashReader(host);
  }

  get stub(): boolean {
    return this.isStub;
  }
  /** The stub starts with its own flash parameters, as the ROM does after a reset. */
  set stub(on: boolean) {
    this.isStub = on;
    this.chipSize = undefined;
  }

  /**
   * The ROM's flash read refuses a range past the flash size it was given, so a damaged MD5 or
   * READ_FLASH request (a flipped bit in its length) fails at once instead of reading gigabytes.
   */
  private checkInChip(addr: number, size: number): void {
    const limit = this.chipSize ?? Math.max(DEFAULT_CHIP_SIZE, this.host.flash.size);
    if (addr + size > limit)
      throw new LoaderError(
        RomError.FLASH_READ,
        `read of 0x${size.toString(16)} bytes at 0x${addr.toString(16)} passes the flash size 0x${limit.toString(16)}`,
      );
  }

  reset(): void {
    this.stub = false;
    this.writer.reset();
    this.reader.cancel();
    this.memSeq = -1;
    this.memBlocks = [];
    this.flashError = undefined;
  }

  /** The ROM runs in secure download mode (GET_SECURITY_INFO flag; the stub never runs there). */
  private get secureDownload(): boolean {
    return !this.stub && (this.host.securityFlags & SECURE_DOWNLOAD_ENABLE) !== 0;
  }

  handle(frame: Uint8Array): void {
    if (this.reader.active && this.reader.ack(frame)) return;
    this.reader.cancel();
    // Not a request: the ROM stays silent.
    if (frame.length < 8 || frame[0] !== 0x00) return;
    const op = frame[1]!;
    const len = frame[2]! | (frame[3]! << 8);
    const checksum = frame[4]!; // the low byte of the checksum word carries the XOR
    const data = frame.subarray(8);
    this.host.clock.settle();
    try {
      if (len !== data.length)
        throw new LoaderError(RomError.INVALID_MESSAGE, "length field mismatch");
      this.dispatch(op, data, checksum);
    } catch (e) {
      if (e instanceof Interrupted) return;
      if (e instanceof LoaderError) {
        this.respond(op, 0, NO_DATA, e.code);
        return;
      }
      this.host.reportInternal(e);
      this.respond(op, 0, NO_DATA, RomError.FAILED);
    }
  }

  private dispatch(op: number, data: Uint8Array, checksum: number): void {
    const host = this.host;
    const args = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const rom = !this.stub;
    const lacks = host.model.romLacks;
    if (this.secureDownload && !SECURE_DOWNLOAD_ALLOWED.has(op)) return this.unknown(op);
    switch (op) {
      case Op.SYNC: {
        if (data.length !== 36 || SYNC_BODY.some((b, i) => data[i] !== b)) {
          throw new LoaderError(RomError.INVALID_MESSAGE, "bad sync body");
        }
        // Eight identical answers; value non-zero from the ROM, zero from the stub (how clients tell them apart).
        for (let i = 0; i < 8; i++) this.respond(op, rom ? 0x20120707 : 0, NO_DATA);
        host.synced();
        return;
      }
      case Op.READ_REG:
        this.need(data, 4);
        return this.respond(op, host.registers.read(args.getUint32(0, true)), NO_DATA);
      case Op.WRITE_REG:
        if (data.length === 0 || data.length % 16 !== 0)
          throw new LoaderError(RomError.INVALID_MESSAGE, "WRITE_REG wants 16-byte groups");
        for (let at = 0; at < data.length; at += 16) {
          host.registers.write(
            args.getUint32(at, true),
            args.getUint32(at + 4, true),
            args.getUint32(at + 8, true),
          );
          host.clock.spend(args.getUint32(at + 12, true) / 1000);
        }
        this.respond(op, 0, NO_DATA);
        // An RTC watchdog armed by these writes resets the chip once it runs out.
        host.checkWatchdog();
        return;
      case Op.GET_SECURITY_INFO:
        return this.securityInfo(op);
      case Op.MEM_BEGIN:
        this.need(data, 16);
        // Each segment has its own MEM_BEGIN; the code is everything up to MEM_END.
        this.memSeq = 0;
        return this.respond(op, 0, NO_DATA);
      case Op.MEM_DATA:
        this.checkUsbBlock(data);
        this.checkData(data, checksum);
        if (this.memSeq < 0 || args.getUint32(4, true) !== this.memSeq)
          throw new LoaderError(RomError.FAILED, "MEM_DATA out of sequence");
        this.memSeq++;
        this.memBlocks.push(data.slice(16));
        return this.respond(op, 0, NO_DATA);
      case Op.MEM_END:
        return this.memEnd(op, args);
      case Op.FLASH_BEGIN:
      case Op.FLASH_DEFL_BEGIN:
        if (op === Op.FLASH_DEFL_BEGIN && rom && lacks.deflate) return this.unknown(op);
        this.flashError = undefined;
        // The ESP8266 ROM has no SPI_ATTACH: its FLASH_BEGIN attaches the flash.
        if (rom && lacks.spiConfig) host.registers.spi.attach();
        if (rom) this.writer.begin(args, op === Op.FLASH_DEFL_BEGIN, false);
        // The stub erases ahead of its writes, overlapping the wire like its writes do.
        else host.clock.background(() => this.writer.begin(args, op === Op.FLASH_DEFL_BEGIN, true));
        return this.respond(op, 0, NO_DATA);
      case Op.FLASH_DATA:
      case Op.FLASH_DEFL_DATA:
        if (op === Op.FLASH_DEFL_DATA && rom && lacks.deflate) return this.unknown(op);
        this.checkUsbBlock(data);
        this.checkData(data, checksum);
        if (rom) {
          // The ROM writes the block before it answers.
          this.writer.data(data, op === Op.FLASH_DEFL_DATA);
          return this.respond(op, 0, NO_DATA);
        }
        return this.stubData(op, data);
      case Op.FLASH_END:
      case Op.FLASH_DEFL_END: {
        if (op === Op.FLASH_DEFL_END && rom && lacks.deflate) return this.unknown(op);
        if (this.flashError) throw this.flashError;
        const { reboot } = this.writer.end(args);
        this.respond(op, 0, NO_DATA);
        // ROM: flag 1 runs the app; flag 0 reboots into the (latched) loader. Stub: 0 reboots.
        if (reboot) host.softReboot();
        else if (rom && data.length >= 4) host.runUserCode();
        return;
      }
      case Op.SPI_SET_PARAMS:
      case Op.SPI_ATTACH:
        if (rom && lacks.spiConfig) return this.unknown(op);
        if (op === Op.SPI_ATTACH) host.registers.spi.attach();
        else if (data.length >= 8) this.chipSize = args.getUint32(4, true);
        return this.respond(op, 0, NO_DATA);
      case Op.CHANGE_BAUDRATE: {
        if (rom && lacks.changeBaud) return this.unknown(op);
        this.need(data, 8);
        const baud = args.getUint32(0, true);
        if (host.faults.refusesBaud() || baud < 9600 || baud > 5_000_000) {
          throw new LoaderError(RomError.FAILED, `baud ${baud} refused`);
        }
        this.respond(op, 0, NO_DATA);
        host.setBaud(baud);
        return;
      }
      case Op.SPI_FLASH_MD5: {
        if (rom && lacks.md5) return this.unknown(op);
        this.need(data, 16);
        this.checkInChip(args.getUint32(0, true), args.getUint32(4, true));
        const digest = flashMd5(host, args.getUint32(0, true), args.getUint32(4, true));
        return this.respond(op, 0, md5Reply(digest, this.stub));
      }
      case Op.READ_FLASH_SLOW:
        if (!rom) return this.unknown(op);
        return this.respond(op, 0, readFlashSlow(host, args, SLOW_READ_REPLY));
      case Op.ERASE_FLASH:
        if (rom) return this.unknown(op);
        host.flash.eraseAll();
        host.clock.spend((host.flash.size / 0x100000) * NOR_TIMING.chipEraseMsPerMB);
        return this.respond(op, 0, NO_DATA);
      case Op.ERASE_REGION: {
        if (rom) return this.unknown(op);
        this.need(data, 8);
        const addr = args.getUint32(0, true);
        const size = args.getUint32(4, true);
        if (addr % 0x1000 !== 0 || size % 0x1000 !== 0)
          throw new LoaderError(RomError.FAILED, "erase region not sector aligned");
        this.writer.erase(addr, size);
        return this.respond(op, 0, NO_DATA);
      }
      case Op.READ_FLASH:
        if (rom) return this.unknown(op);
        if (data.length >= 8) this.checkInChip(args.getUint32(0, true), args.getUint32(4, true));
        this.reader.start(args);
        this.respond(op, 0, NO_DATA);
        this.reader.pump();
        return;
      case Op.RUN_USER_CODE:
        if (rom) return this.unknown(op);
        host.runUserCode();
        return;
      default:
        return this.unknown(op);
    }
  }

  /**
   * The stub acks a data block at once and writes it while the next one arrives, so a write
   * error is reported on the following block (and every one after), or at FLASH_END.
   */
  private stubData(op: number, data: Uint8Array): void {
    if (this.flashError) throw this.flashError;
    this.respond(op, 0, NO_DATA);
    try {
      this.host.clock.background(() => this.writer.data(data, op === Op.FLASH_DEFL_DATA));
    } catch (e) {
      if (!(e instanceof LoaderError)) throw e;
      this.flashError = e;
    }
  }

  private memEnd(op: number, args: DataView): void {
    this.need(new Uint8Array(args.buffer, args.byteOffset, args.byteLength), 8);
    const noEntry = args.getUint32(0, true) !== 0;
    const entry = args.getUint32(4, true);
    const uploaded = this.memSeq > 0;
    const code = concat(this.memBlocks);
    this.memSeq = -1;
    this.memBlocks = [];
    this.respond(op, 0, NO_DATA);
    if (noEntry || entry === 0 || !uploaded) return;
    if (carriesStubGreeting(code)) this.host.stubStarted();
    else this.host.ramCodeStarted();
  }

  private securityInfo(op: number): void {
    const kind = this.host.model.securityInfo;
    if (kind === "unsupported") return this.unknown(op);
    const out = new Uint8Array(kind);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, this.host.securityFlags >>> 0, true);
    out[4] = this.host.flashCryptCnt;
    out.set(this.host.keyPurposes.slice(0, 7), 5);
    if (kind === 20) {
      dv.setUint32(12, this.host.model.imageChipId ?? 0, true);
      dv.setUint32(16, 1, true); // API version
    }
    this.respond(op, 0, out);
  }

  /**
   * Over USB-OTG the loader receives into a USB_RAM_BLOCK (0x800) buffer. A larger block never
   * reaches the ROM whole: it answers nothing (esptool-js's report of a 6144-byte stub block
   * over the S2's USB-OTG: a timeout). The stub says ESP_TOO_MUCH_DATA.
   */
  private checkUsbBlock(data: Uint8Array): void {
    const limit = this.host.usbBlockLimit;
    if (limit === undefined || data.length - 16 <= limit) return;
    if (!this.stub) throw new Interrupted();
    throw new LoaderError(
      STUB_TOO_MUCH_DATA,
      `block of ${data.length - 16} bytes > USB buffer ${limit}`,
    );
  }

  private checkData(data: Uint8Array, checksum: number): void {
    if (data.length < 16) throw new LoaderError(RomError.INVALID_MESSAGE, "short data packet");
    const x = xorChecksum(data.subarray(16));
    if (x !== checksum)
      throw new LoaderError(
        RomError.BAD_CHECKSUM,
        `checksum 0x${checksum.toString(16)}, data gives 0x${x.toString(16)}`,
      );
  }

  private need(data: Uint8Array, n: number): void {
    if (data.length < n)
      throw new LoaderError(RomError.INVALID_MESSAGE, `wants ${n} bytes, got ${data.length}`);
  }

  /** The ROM answers an op it lacks with an "invalid message" reply under a different op byte. */
  private unknown(op: number): void {
    if (this.stub) this.respond(op, 0, NO_DATA, STUB_NOT_IMPLEMENTED);
    else this.respond(op === 0 ? 0xff : 0x00, 0, NO_DATA, RomError.INVALID_MESSAGE);
  }

  /** Build `01 op len value data status` and send it. */
  private respond(op: number, value: number, data: Uint8Array, error = 0): void {
    const statusLength = this.stub ? 2 : this.host.model.romStatusLength;
    const total = 8 + data.length + statusLength;
    const out = total <= this.reply.length ? this.reply.subarray(0, total) : new Uint8Array(total);
    out.fill(0);
    out[0] = 0x01;
    out[1] = op;
    out[2] = (data.length + statusLength) & 0xff;
    out[3] = (data.length + statusLength) >> 8;
    out[4] = value & 0xff;
    out[5] = (value >>> 8) & 0xff;
    out[6] = (value >>> 16) & 0xff;
    out[7] = (value >>> 24) & 0xff;
    out.set(data, 8);
    // ROM status is [1, code]; the stub puts its own code first: [code, 0].
    if (error !== 0 && this.stub) out[8 + data.length] = STUB_CODE[error] ?? error;
    else if (error !== 0) {
      out[8 + data.length] = 1;
      out[9 + data.length] = error;
    }
    this.host.send(out);
  }
}

function concat(blocks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
