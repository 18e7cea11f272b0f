/** 4096 → "0x1000": how addresses and IDs appear in every message. */
export const hex = (n: number): string => `0x${n.toString(16)}`;

/** Bytes as lowercase hex, two digits each (digests). */
export const bytesToHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
