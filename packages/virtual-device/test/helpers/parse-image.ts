import { sha256 } from "@noble/hashes/sha2.js";

/** An ESP image parsed straight from the bytes, independent of the code that wrote it. */
export interface ParsedTestImage {
  segments: { address: number; length: number; fileOffset: number }[];
  dataLength: number;
  checksumOk: boolean;
  chipId?: number;
  hashAppended?: number;
  shaOk?: boolean;
  header: number[];
}

export function parseTestImage(bytes: Uint8Array, extended: boolean): ParsedTestImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0xe9) throw new Error(`bad magic ${bytes[0]}`);
  let at = extended ? 24 : 8;
  let checksum = 0xef;
  const segments: ParsedTestImage["segments"] = [];
  for (let i = 0; i < bytes[1]!; i++) {
    const address = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    segments.push({ address, length, fileOffset: at + 8 });
    for (let k = at + 8; k < at + 8 + length; k++) checksum ^= bytes[k]!;
    at += 8 + length;
  }
  // The checksum byte is the last byte of the 16-byte line after the segments.
  const dataLength = (Math.floor(at / 16) + 1) * 16;
  const parsed: ParsedTestImage = {
    segments,
    dataLength,
    checksumOk: bytes[dataLength - 1] === checksum,
    header: [...bytes.subarray(0, 4)],
  };
  if (extended) {
    parsed.chipId = view.getUint16(12, true);
    parsed.hashAppended = bytes[23]!;
    const digest = sha256(bytes.subarray(0, dataLength));
    parsed.shaOk = digest.every((b, i) => b === bytes[dataLength + i]);
  }
  return parsed;
}
