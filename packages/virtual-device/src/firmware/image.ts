import { sha256 } from "@noble/hashes/sha2.js";

/** One loadable segment of an ESP image. */
export interface Segment {
  address: number;
  data: Uint8Array;
}

export interface ImageSpec {
  /** Header byte 2: qio 0, qout 1, dio 2, dout 3. */
  flashMode: number;
  /** Header byte 3: size code (high nibble) | freq code (low nibble). */
  sizeFreq: number;
  entry: number;
  segments: Segment[];
  /** ESP32-family extended header; absent for ESP8266 v1 images. */
  extended?: { chipId: number; maxRevFull: number; hashAppended: boolean };
}

const HEADER = 8;
const EXTENDED = 16;

/** Bytes of an image as esptool's elf2image lays them out (header, segments, checksum, SHA). */
export function buildImage(spec: ImageSpec): Uint8Array {
  const headerLength = HEADER + (spec.extended ? EXTENDED : 0);
  const segmentsLength = spec.segments.reduce((n, s) => n + 8 + s.data.length, 0);
  // Zero padding so the checksum byte ends a 16-byte line.
  const dataLength = (Math.floor((headerLength + segmentsLength) / 16) + 1) * 16;
  const withHash = spec.extended?.hashAppended === true;
  const out = new Uint8Array(dataLength + (withHash ? 32 : 0));
  const view = new DataView(out.buffer);
  out[0] = 0xe9;
  out[1] = spec.segments.length;
  out[2] = spec.flashMode;
  out[3] = spec.sizeFreq;
  view.setUint32(4, spec.entry >>> 0, true);
  if (spec.extended) {
    out[8] = 0xee; // wp_pin: not used
    view.setUint16(12, spec.extended.chipId, true);
    view.setUint16(17, spec.extended.maxRevFull, true);
    out[23] = withHash ? 1 : 0;
  }
  let at = headerLength;
  let checksum = 0xef;
  for (const segment of spec.segments) {
    view.setUint32(at, segment.address >>> 0, true);
    view.setUint32(at + 4, segment.data.length, true);
    out.set(segment.data, at + 8);
    for (const byte of segment.data) checksum ^= byte;
    at += 8 + segment.data.length;
  }
  out[dataLength - 1] = checksum;
  if (withHash) out.set(sha256(out.subarray(0, dataLength)), dataLength);
  return out;
}

/** Header byte 3 for a size name, from a chip's size-code table (code → name). */
export function sizeCode(
  codes: Readonly<Record<number, string>>,
  name: string,
): number | undefined {
  for (const [code, size] of Object.entries(codes)) if (size === name) return Number(code);
  return undefined;
}
