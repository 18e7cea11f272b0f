import { md5 } from "@noble/hashes/legacy.js";
import { NOR_TIMING } from "../device/clock.js";
import { LoaderError, RomError } from "./host.js";
import type { LoaderHost } from "./host.js";

/** MD5 of a flash region, hashed straight from sparse storage. */
export function flashMd5(host: LoaderHost, addr: number, size: number): Uint8Array {
  const hash = md5.create();
  host.flash.forEachChunk(addr, size, (chunk) => hash.update(chunk));
  host.clock.spend((size / 1024) * NOR_TIMING.md5MsPerKB);
  return hash.digest();
}

const HEX = "0123456789abcdef";

/** The ROM answers SPI_FLASH_MD5 with 32 lowercase hex characters; the stub with 16 raw bytes. */
export function md5Reply(digest: Uint8Array, stub: boolean): Uint8Array {
  if (stub) return digest;
  const out = new Uint8Array(32);
  for (let i = 0; i < 16; i++) {
    out[2 * i] = HEX.charCodeAt(digest[i]! >> 4);
    out[2 * i + 1] = HEX.charCodeAt(digest[i]! & 15);
  }
  return out;
}

/**
 * ROM READ_FLASH_SLOW: at most 64 bytes per request, answered with a buffer of `replyLength`
 * bytes whatever was asked (the requested bytes first). Unattached flash reads as 0xFF.
 */
export function readFlashSlow(host: LoaderHost, args: DataView, replyLength: number): Uint8Array {
  if (args.byteLength < 8)
    throw new LoaderError(RomError.INVALID_MESSAGE, "READ_FLASH_SLOW wants 8 bytes");
  const addr = args.getUint32(0, true);
  const size = args.getUint32(4, true);
  if (size > replyLength)
    throw new LoaderError(RomError.READ_LENGTH, `read length ${size} > ${replyLength}`);
  host.clock.spend((replyLength / 1024) * NOR_TIMING.readMsPerKB);
  if (!host.registers.spi.isAttached) return new Uint8Array(replyLength).fill(0xff);
  return host.flash.read(addr, replyLength);
}

/**
 * Stub READ_FLASH: after the reply, data frames of `packetSize` bytes, never more than
 * `maxInFlight` unacknowledged; the host acks each with the running total (u32). When all
 * is acknowledged the stub sends the 16-byte MD5 of what it read.
 */
export class FlashReader {
  private addr = 0;
  private size = 0;
  private packetSize = 0;
  private maxInFlight = 0;
  private sent = 0;
  private acked = 0;
  private hash = md5.create();

  constructor(private readonly host: LoaderHost) {}

  active = false;

  start(args: DataView): void {
    if (args.byteLength < 16)
      throw new LoaderError(RomError.INVALID_MESSAGE, "READ_FLASH wants 16 bytes");
    this.addr = args.getUint32(0, true);
    this.size = args.getUint32(4, true);
    this.packetSize = args.getUint32(8, true);
    this.maxInFlight = Math.max(1, args.getUint32(12, true));
    if (this.packetSize === 0 || this.packetSize > 0x4000) {
      throw new LoaderError(RomError.INVALID_MESSAGE, `bad packet size ${this.packetSize}`);
    }
    this.sent = 0;
    this.acked = 0;
    this.hash = md5.create();
    this.active = true;
  }

  /** Send what flow control allows; call after the reply and after each ack. */
  pump(): void {
    while (
      this.active &&
      this.sent < this.size &&
      this.sent - this.acked < this.maxInFlight * this.packetSize
    ) {
      const n = Math.min(this.packetSize, this.size - this.sent);
      const chunk = this.host.flash.read(this.addr + this.sent, n);
      this.host.clock.spend((n / 1024) * NOR_TIMING.readMsPerKB);
      this.hash.update(chunk);
      this.sent += n;
      this.host.send(chunk);
    }
  }

  /** A 4-byte frame from the host while reading: returns false if it was not an ack. */
  ack(frame: Uint8Array): boolean {
    if (!this.active || frame.length !== 4) return false;
    this.acked = (frame[0]! | (frame[1]! << 8) | (frame[2]! << 16) | (frame[3]! << 24)) >>> 0;
    if (this.acked >= this.size) {
      this.active = false;
      this.host.send(this.hash.digest());
      return true;
    }
    this.pump();
    return true;
  }

  cancel(): void {
    this.active = false;
  }
}
