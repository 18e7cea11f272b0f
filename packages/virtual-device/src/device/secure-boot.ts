import { ecb } from "@noble/ciphers/aes.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import type { SparseFlash } from "../flash/sparse-flash.js";

/** Secure boot v1 (ESP32 only): a 128-byte IV at flash 0x0, the 64-byte digest right after it. */
export const V1_IV_LENGTH = 128;
export const V1_DIGEST_LENGTH = 64;
/** Secure boot v2: the signature sector follows the image padded to 4 KB. */
export const V2_SECTOR = 0x1000;
export const V2_BLOCK_MAGIC = 0xe7;
const V2_BLOCK_SIZE = 1216;
const V2_CRC_AT = 1196;

/**
 * The bytes of a bootloader the v1 engine digests, as espsecure's digest_secure_bootloader says:
 * it reads whole 128-byte blocks and skips an appended SHA-256 that starts a final short block.
 */
export function v1DigestedLength(imageLength: number, hashAppended: boolean): number {
  const length =
    hashAppended && imageLength % 128 <= 32 ? imageLength - (imageLength % 128) : imageLength;
  return Math.ceil(length / 128) * 128;
}

/**
 * The secure boot v1 digest of `image` (already padded to 128 bytes) under a 256-bit key: AES-256-ECB
 * over IV + image with each 16-byte block byte-reversed in and out, SHA-512 of the words byte-swapped,
 * the result's words byte-swapped again. The engine's quirky byte order is espsecure's; checked
 * byte for byte against esptool's test/secure_images/bootloader_digested.bin.
 */
export function secureBootV1Digest(key: Uint8Array, iv: Uint8Array, image: Uint8Array): Uint8Array {
  if (key.length !== 32)
    throw new RangeError(`secure boot v1 key must be 32 bytes, not ${key.length}`);
  const plain = new Uint8Array(iv.length + image.length);
  plain.set(iv);
  plain.set(image, iv.length);
  if (plain.length % 16 !== 0) throw new RangeError("IV + image must be whole 16-byte blocks");
  for (let i = 0; i < plain.length; i += 16) plain.subarray(i, i + 16).reverse();
  const cipher = ecb(key, { disablePadding: true }).encrypt(plain);
  // Reversing a block and then each of its words: the words in reverse order, bytes kept.
  const fed = new Uint8Array(cipher.length);
  for (let i = 0; i < cipher.length; i += 16) {
    for (let w = 0; w < 4; w++) fed.set(cipher.subarray(i + 12 - 4 * w, i + 16 - 4 * w), i + 4 * w);
  }
  const digest = sha512(fed);
  for (let w = 0; w < digest.length; w += 4) digest.subarray(w, w + 4).reverse();
  return digest;
}

/** The ROM's v1 check: the digest stored at 0x80 must be the digest of the bootloader at `offset`. */
export function checkSecureBootV1(
  flash: SparseFlash,
  key: Uint8Array,
  offset: number,
  imageLength: number,
  hashAppended: boolean,
): string | undefined {
  const iv = flash.read(0, V1_IV_LENGTH);
  const stored = flash.read(V1_IV_LENGTH, V1_DIGEST_LENGTH);
  const image = flash.read(offset, v1DigestedLength(imageLength, hashAppended));
  if (equal(secureBootV1Digest(key, iv, image), stored)) return undefined;
  return "secure boot check fail: the bootloader digest at 0x80 does not match the bootloader (edited, or digested with another key)";
}

/**
 * The ROM's v2 check as far as it can be modelled without a key: a signature block (magic, CRC)
 * in the sector after the image, recording the SHA-256 of the image as padded to 4 KB. The RSA or
 * ECDSA signature over that digest is not verified (any key is taken as the enrolled one).
 */
export function checkSecureBootV2(
  flash: SparseFlash,
  offset: number,
  imageLength: number,
): string | undefined {
  const padded = Math.ceil(imageLength / V2_SECTOR) * V2_SECTOR;
  if (offset + padded + V2_SECTOR > flash.size)
    return "Secure Boot V2: no room for a signature sector after the image";
  const block = flash.read(offset + padded, V2_BLOCK_SIZE);
  const crc = new DataView(block.buffer, block.byteOffset).getUint32(V2_CRC_AT, true);
  if (
    block[0] !== V2_BLOCK_MAGIC ||
    (block[1] !== 2 && block[1] !== 3) ||
    crc !== crc32(block.subarray(0, V2_CRC_AT))
  ) {
    return "Secure Boot V2: no valid signature block after the image (unsigned image?)";
  }
  if (!equal(block.subarray(4, 36), sha256(flash.read(offset, padded)))) {
    return "Secure Boot V2: image digest does not match the signature block (image edited after signing?)";
  }
  return undefined;
}

/**
 * What espsecure digest_secure_bootloader writes for `bootloader` (the file as built): IV, digest,
 * 0xFF up to 0x1000, then the bootloader padded to 128 bytes. esptool's own test file uses a
 * 32-byte IV; the ROM reads 128, so only a 128-byte IV boots.
 */
export function secureBootV1File(
  bootloader: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  hashAppended: boolean,
): Uint8Array {
  const length = v1DigestedLength(bootloader.length, hashAppended);
  const image = new Uint8Array(length).fill(0xff);
  image.set(bootloader.subarray(0, length));
  const out = new Uint8Array(0x1000 + length).fill(0xff);
  out.set(iv);
  out.set(secureBootV1Digest(key, iv, image), iv.length);
  out.set(image, 0x1000);
  return out;
}

/**
 * A secure boot v2 image in espsecure sign_data's layout — image padded to 4 KB, then a signature
 * sector with one RSA block (magic, version, SHA-256 of the padded image, CRC) — whose key material
 * and signature are filler: enough for the device's v2 check, not for silicon.
 */
export function secureBootV2SignedStyle(image: Uint8Array): Uint8Array {
  const padded = Math.ceil(image.length / V2_SECTOR) * V2_SECTOR;
  const out = new Uint8Array(padded + V2_SECTOR).fill(0xff);
  out.set(image);
  const block = out.subarray(padded, padded + V2_BLOCK_SIZE);
  block.fill(0);
  block[0] = V2_BLOCK_MAGIC;
  block[1] = 2;
  block.set(sha256(out.subarray(0, padded)), 4);
  for (let i = 36; i < V2_CRC_AT; i++) block[i] = (i * 131) & 0xff;
  new DataView(block.buffer, block.byteOffset).setUint32(
    V2_CRC_AT,
    crc32(block.subarray(0, V2_CRC_AT)),
    true,
  );
  return out;
}

let crcTable: Uint32Array | undefined;

/** zlib's CRC-32, as espsecure puts in a signature block. */
export function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
