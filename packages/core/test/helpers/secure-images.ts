import { secureBootV1File, secureBootV2SignedStyle } from "@esp-flash/virtual-device";
import { buildImage } from "./image-builder.js";

/** The test key and IV of the fixtures below: arbitrary bytes, like esptool's 256bit_key.bin / 256bit_iv.bin. */
export const V1_KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
export const V1_IV = Uint8Array.from({ length: 128 }, (_, i) => (i * 101 + 3) & 0xff);

/** An ESP32 bootloader as esptool's test/secure_images/bootloader.bin is: dio, 2MB, 40m, SHA-256 appended. */
export function esp32Bootloader(): Uint8Array {
  const segments = [0x3fff0010, 0x3fff0014, 0x40078000, 0x40080400].map((address, i) => ({
    address,
    data: Uint8Array.from({ length: 300 + i * 1000 }, (_, j) => (j * 7 + i * 13) & 0xff),
  }));
  return buildImage({ chip: "ESP32", segments, mode: 2, sizeFreq: 0x10, hashAppended: true });
}

/**
 * The layout of esptool's test/secure_images/bootloader_digested.bin (espsecure
 * digest_secure_bootloader with a 32-byte test IV): IV at 0, the 64-byte secure boot v1 digest,
 * 0xFF up to 0x1000, the bootloader padded to 128 bytes. Rebuilt here from our own bootloader and
 * key (the digest routine reproduces esptool's file byte for byte from its bootloader.bin, key and
 * IV). `ivLength` 128 is what the ROM reads and what a chip boots.
 */
export function digestedBootloader(ivLength: 32 | 128 = 32): Uint8Array {
  return secureBootV1File(esp32Bootloader(), V1_KEY, V1_IV.subarray(0, ivLength), true);
}

/** A bootloader in espsecure sign_data's v2 layout (signature sector after the 4 KB-padded image). */
export function v2SignedStyle(
  chip: "ESP32-C3" | "ESP32" = "ESP32-C3",
  sizeFreq = 0x10,
): Uint8Array {
  return secureBootV2SignedStyle(buildImage({ chip, mode: 2, sizeFreq, hashAppended: true }));
}
