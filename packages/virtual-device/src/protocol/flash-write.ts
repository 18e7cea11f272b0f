import { Inflate, constants } from "pako";
import { NOR_TIMING } from "../device/clock.js";
import { BLOCK_SIZE, PAGE_SIZE, SECTOR_SIZE } from "../flash/sparse-flash.js";
import { Interrupted, LoaderError, RomError } from "./host.js";
import type { LoaderHost } from "./host.js";

/** The stub's largest data block, and its code for a larger one (ESP_BAD_BLOCKSIZE). */
const MAX_STUB_BLOCK = 0x4000;
const STUB_BAD_BLOCKSIZE = 0xc2;

interface Session {
  deflate: boolean;
  offset: number;
  blocks: number;
  blockSize: number;
  nextSeq: number;
  /** Bytes programmed so far (uncompressed). */
  written: number;
  inflater?: Inflate;
  failure?: LoaderError | Interrupted;
  /** The stub erases just ahead of its writes: what of [eraseAt, eraseEnd) is still to erase. */
  eraseAt?: number;
  eraseEnd?: number;
}

/**
 * FLASH_BEGIN/DATA/END and their deflate twins, with NOR costs on the virtual clock and
 * the ESP8266 ROM's erase over-reach. Errors become LoaderError for the dispatcher to answer.
 */
export class FlashWriter {
  private session: Session | undefined;

  constructor(private readonly host: LoaderHost) {}

  reset(): void {
    this.session = undefined;
  }

  /** FLASH_BEGIN / FLASH_DEFL_BEGIN: erase, then expect blocks. */
  begin(args: DataView, deflate: boolean, stub: boolean): void {
    // ROMs take a fifth (encryption) word from some clients; the stub wants exactly 16 bytes.
    if (args.byteLength !== 16 && (stub || args.byteLength !== 20)) {
      throw new LoaderError(
        RomError.INVALID_MESSAGE,
        `begin wants 16${stub ? "" : " or 20"} bytes, got ${args.byteLength}`,
      );
    }
    const size = args.getUint32(0, true);
    const blocks = args.getUint32(4, true);
    const blockSize = args.getUint32(8, true);
    const offset = args.getUint32(12, true);
    if (blockSize === 0 && blocks > 0)
      throw new LoaderError(RomError.INVALID_MESSAGE, "block size 0");
    if (stub && blockSize > MAX_STUB_BLOCK)
      throw new LoaderError(STUB_BAD_BLOCKSIZE, `block size ${blockSize} > 16 KB`);
    this.session = { deflate, offset, blocks, blockSize, nextSeq: 0, written: 0 };
    if (deflate) this.session.inflater = this.makeInflater(this.session);
    if (size === 0) return;
    // Stub deflate: size is the uncompressed length; ROM: already the erase size. The ROM
    // erases it all now; the stub erases as its writes reach each sector.
    if (stub) {
      this.session.eraseAt = offset - (offset % SECTOR_SIZE);
      this.session.eraseEnd = offset + size;
    } else if (this.host.model.romEraseQuirk) this.eraseRomQuirk(offset, size);
    else this.erase(offset, size);
  }

  /** FLASH_DATA / FLASH_DEFL_DATA payload: `len, seq, 0, 0` + data. */
  data(payload: Uint8Array, deflate: boolean): void {
    const s = this.session;
    if (!s || s.deflate !== deflate) throw new LoaderError(RomError.FAILED, "not in flash mode");
    if (payload.length < 16) throw new LoaderError(RomError.INVALID_MESSAGE, "short data header");
    const dv = new DataView(payload.buffer, payload.byteOffset, 16);
    const len = dv.getUint32(0, true);
    const seq = dv.getUint32(4, true);
    const data = payload.subarray(16);
    if (len !== data.length)
      throw new LoaderError(RomError.INVALID_MESSAGE, `length ${len} but ${data.length} bytes`);
    if (seq !== s.nextSeq) {
      // A retried block (the client missed our ack) is harmless: NOR AND-programming is idempotent.
      if (seq + 1 !== s.nextSeq)
        throw new LoaderError(RomError.FAILED, `sequence ${seq}, expected ${s.nextSeq}`);
      if (!deflate) this.program(s.offset + seq * s.blockSize, data);
      return;
    }
    if (deflate) {
      s.inflater!.push(data, constants.Z_SYNC_FLUSH);
      if (s.failure) {
        const failure = s.failure;
        this.session = undefined;
        throw failure;
      }
      if (s.inflater!.err) {
        this.session = undefined;
        throw new LoaderError(
          RomError.DEFLATE,
          `inflate error ${s.inflater!.err}: ${s.inflater!.msg}`,
        );
      }
    } else {
      this.program(s.offset + seq * s.blockSize, data);
      s.written += data.length;
    }
    s.nextSeq++;
  }

  /** FLASH_END / FLASH_DEFL_END: returns whether the client asked to reboot (flag 0). */
  end(args: DataView): { reboot: boolean } {
    this.session = undefined;
    const flag = args.byteLength >= 4 ? args.getUint32(0, true) : 1;
    return { reboot: flag === 0 };
  }

  /** Erase whole sectors covering [offset, offset+size), 64 KB blocks where aligned. */
  erase(offset: number, size: number): void {
    this.eraseRange(offset - (offset % SECTOR_SIZE), offset + size, offset + size);
  }

  /** Erase from `at` (sector-aligned) until `until` is covered, without passing `end`; returns where it stopped. */
  private eraseRange(at: number, until: number, end: number): number {
    const flash = this.host.flash;
    while (at < until && at < end) {
      if (at % BLOCK_SIZE === 0 && end - at >= BLOCK_SIZE) {
        flash.eraseBlock(at);
        this.host.clock.spend(NOR_TIMING.blockEraseMs);
        at += BLOCK_SIZE;
      } else {
        flash.eraseSector(at);
        this.host.clock.spend(NOR_TIMING.sectorEraseMs);
        at += SECTOR_SIZE;
      }
    }
    return at;
  }

  /**
   * The ESP8266 ROM erases the sectors up to the next 64 KB boundary, then the full count
   * again after them — up to 64 KB more than asked. esptool shrinks the size it sends to
   * compensate; a client that does not loses flash just past its write.
   */
  private eraseRomQuirk(offset: number, size: number): void {
    const first = Math.floor(offset / SECTOR_SIZE);
    const count = Math.ceil(size / SECTOR_SIZE);
    const head = Math.min(16 - (first % 16), count);
    this.erase(first * SECTOR_SIZE, (head + count) * SECTOR_SIZE);
  }

  /** Program with fault checks and page-program cost. */
  program(addr: number, data: Uint8Array): void {
    if (data.length === 0) return;
    const hit = this.host.faults.active
      ? this.host.faults.atFlash(addr, addr + data.length)
      : undefined;
    if (hit === "write-error")
      throw new LoaderError(RomError.FLASH_WRITE, `flash write failed at 0x${addr.toString(16)}`);
    if (hit) {
      this.host.interrupt(hit);
      throw new Interrupted();
    }
    const s = this.session;
    if (s?.eraseAt !== undefined && s.eraseEnd !== undefined)
      s.eraseAt = this.eraseRange(s.eraseAt, addr + data.length, s.eraseEnd);
    this.host.flash.program(addr, data);
    this.host.clock.spend(Math.ceil(data.length / PAGE_SIZE) * NOR_TIMING.pageProgramMs);
  }

  private makeInflater(s: Session): Inflate {
    const inflater = new Inflate({ chunkSize: 0x10000 });
    inflater.onData = (chunk: Uint8Array) => {
      if (s.failure) return;
      try {
        this.program(s.offset + s.written, chunk);
        s.written += chunk.length;
      } catch (e) {
        if (e instanceof LoaderError || e instanceof Interrupted) s.failure = e;
        else throw e;
      }
    };
    return inflater;
  }
}
