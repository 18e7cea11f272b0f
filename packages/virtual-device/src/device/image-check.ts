import { sha256 } from "@noble/hashes/sha2.js";
import type { ChipModel } from "../chips.js";
import { parseSizeName } from "../chips.js";
import type { SparseFlash } from "../flash/sparse-flash.js";
import { checkSecureBootV1, checkSecureBootV2 } from "./secure-boot.js";
import type { VirtualSecurity } from "./types.js";

/**
 * The device's own reading of the image at the bootloader offset, written independently of
 * @esp-flash/core so the two can check each other. It reports what the boot ROM and the
 * bootloader would decide, in their terms.
 */
export interface ImageCheck {
  /** false = the ROM / bootloader refuses to run it. */
  boots: boolean;
  /** Everything wrong, including what still boots but misbehaves (ESP8266 size mismatch). */
  problems: string[];
  /** Lines for the boot log. */
  log: string[];
  headerFlashSize?: string;
  entry?: number;
}

const MAX_SEGMENTS = 16;

export function checkImage(
  model: ChipModel,
  flash: SparseFlash,
  chipFlashSize: string,
  security: VirtualSecurity = {},
): ImageCheck {
  const base = model.bootloaderOffset;
  const head = flash.read(base, 24);
  const problems: string[] = [];
  const log: string[] = [];
  const fail = (line: string): ImageCheck => {
    problems.push(line);
    log.push(line);
    return { boots: false, problems, log };
  };
  const magic = head[0]!;
  if (magic !== 0xe9) {
    const word = new DataView(head.buffer).getUint32(0, true).toString(16).padStart(8, "0");
    return fail(`invalid header: 0x${word} (no image magic 0xE9 at 0x${base.toString(16)})`);
  }
  const segments = head[1]!;
  const sizeCode = head[3]! & 0xf0;
  const headerFlashSize = model.sizeCodes[sizeCode];
  const entry = new DataView(head.buffer).getUint32(4, true);
  if (segments === 0 || segments > MAX_SEGMENTS) return fail(`invalid segment count ${segments}`);
  const extended = model.imageChipId !== null;
  let hashAppended = false;
  if (extended) {
    const chipId = head[12]! | (head[13]! << 8);
    if (chipId !== model.imageChipId) {
      return fail(
        `image is for chip id ${chipId}, this chip is ${model.family} (chip id ${model.imageChipId})`,
      );
    }
    if (head[23]! > 1) return fail(`invalid hash_appended byte ${head[23]}`);
    hashAppended = head[23] === 1;
  }
  let at = extended ? 24 : 8;
  let checksum = 0xef;
  for (let s = 0; s < segments; s++) {
    const sh = flash.read(base + at, 8);
    const dv = new DataView(sh.buffer);
    const addr = dv.getUint32(0, true);
    const len = dv.getUint32(4, true);
    if (len > flash.size || at + 8 + len > flash.size) {
      return fail(`segment ${s} at 0x${addr.toString(16)} claims ${len} bytes, beyond the flash`);
    }
    flash.forEachChunk(base + at + 8, len, (chunk) => {
      for (let i = 0; i < chunk.length; i++) checksum ^= chunk[i]!;
    });
    log.push(`load:0x${addr.toString(16).padStart(8, "0")},len:${len}`);
    at += 8 + len;
  }
  const checksumAt = at + (15 - (at % 16));
  const stored = flash.read(base + checksumAt, 1)[0]!;
  if (stored !== checksum) {
    return fail(`checksum failure: image has 0x${hex2(stored)}, calculated 0x${hex2(checksum)}`);
  }
  const dataLength = checksumAt + 1;
  if (hashAppended) {
    const digest = sha256(flash.read(base, dataLength));
    const storedHash = flash.read(base + dataLength, 32);
    if (!equal(digest, storedHash)) {
      return fail(
        `SHA-256 comparison failed: calculated ${hexAll(digest).slice(0, 16)}…, image has ${hexAll(storedHash).slice(0, 16)}… (header edited without updating the digest?)`,
      );
    }
  }
  const imageLength = dataLength + (hashAppended ? 32 : 0);
  const secure =
    security.secureBoot === "v1"
      ? checkSecureBootV1(flash, security.secureBootKey!, base, imageLength, hashAppended)
      : security.secureBoot === "v2"
        ? checkSecureBootV2(flash, base, imageLength)
        : undefined;
  if (secure) return fail(secure);
  const check: ImageCheck = {
    boots: true,
    problems,
    log,
    headerFlashSize: headerFlashSize ?? `code 0x${hex2(sizeCode)}`,
    entry,
  };
  judgeFlashSize(model, check, headerFlashSize, chipFlashSize);
  return check;
}

function judgeFlashSize(
  model: ChipModel,
  check: ImageCheck,
  header: string | undefined,
  chip: string,
): void {
  const chipBytes = parseSizeName(chip) ?? 0;
  const headerBytes = header ? (parseSizeName(header.replace("-c1", "")) ?? 0) : 0;
  if (!header) {
    const line = `image header has an unknown flash size code; the chip has ${chip}`;
    check.problems.push(line);
    check.log.push(line);
    if (model.family !== "ESP8266") check.boots = false;
    return;
  }
  if (headerBytes === chipBytes) return;
  if (model.family === "ESP8266") {
    // The SDK believes the header: too small → filesystem and RF data misplaced; too large → wraps.
    const effect =
      headerBytes < chipBytes
        ? `the SDK will use only ${header}: filesystem and RF calibration data sit in the wrong place`
        : `the SDK will address ${header}: writes past ${chip} wrap around and corrupt flash`;
    const line = `FLASH SIZE MISMATCH: image header says ${header}, chip has ${chip} — ${effect}`;
    check.problems.push(line);
    check.log.push(line);
    return;
  }
  if (headerBytes > chipBytes) {
    const line = `Detected size(${chipBytes / 1024}k) smaller than the size in the binary image header(${headerBytes / 1024}k). Probe failed.`;
    check.problems.push(
      `image header says ${header}, chip has only ${chip}: the bootloader refuses to start`,
    );
    check.log.push(line);
    check.boots = false;
    return;
  }
  // IDF only warns when the chip is larger than the header says.
  check.log.push(
    `Detected size(${chipBytes / 1024}k) larger than the size in the binary image header(${headerBytes / 1024}k). Using the size in the binary image header.`,
  );
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
const hex2 = (n: number): string => n.toString(16).padStart(2, "0");
const hexAll = (b: Uint8Array): string => Array.from(b, hex2).join("");
