import { SECTOR_SIZE } from "../loader/index.js";
import { chipInfo, flashSizeBytes, readImageLayout } from "./deps.js";
import { formatBytes, hex } from "./describe.js";
import { FlashError } from "./errors.js";
import type { DeviceInfo, PreparedPart } from "./types.js";
import type { ManifestBuild } from "./deps.js";

export interface Range {
  start: number;
  end: number;
}

/**
 * What writing a part erases. Every loader erases whole 4 KB sectors from the sector that
 * holds the part's first byte to the one that holds its last: the stub erases ahead of
 * the data in sectors (or 64 KB blocks inside that span), the ESP32-family ROMs round
 * FLASH_BEGIN's erase size up to sectors, and the ESP8266 ROM's FLASH_BEGIN over-erase near
 * 64 KB boundaries is compensated by the erase size esptool-js sends it (as esptool does).
 */
export function eraseFootprint(offset: number, size: number): Range {
  const start = Math.floor(offset / SECTOR_SIZE) * SECTOR_SIZE;
  const end = Math.ceil((offset + Math.max(size, 1)) / SECTOR_SIZE) * SECTOR_SIZE;
  return { start, end };
}

const touches = (a: Range, b: Range) => a.start < b.end && b.start < a.end;
const span = (r: Range) => `${hex(r.start)}–${hex(r.end)}`;

/**
 * Refuse, before any write, parts that overlap or whose erase would wipe another part's
 * bytes: writing one would silently corrupt the other, and a per-part verify would not see it.
 */
export function checkFootprints(parts: readonly PreparedPart[]): void {
  const sorted = [...parts].sort((a, b) => a.offset - b.offset);
  for (const [i, a] of sorted.entries()) {
    for (const b of sorted.slice(i + 1)) {
      const bytesA = { start: a.offset, end: a.offset + a.size };
      const bytesB = { start: b.offset, end: b.offset + b.size };
      if (touches(bytesA, bytesB)) {
        throw new FlashError(
          "parts-overlap",
          `${a.name} (${span(bytesA)}) overlaps ${b.name} at ${hex(b.offset)}.`,
          "The manifest's part offsets are wrong; tell the site's author.",
          "preparing",
        );
      }
      const eraseA = eraseFootprint(a.offset, a.size);
      const eraseB = eraseFootprint(b.offset, b.size);
      if (touches(eraseA, bytesB) || touches(eraseB, bytesA)) {
        throw new FlashError(
          "parts-share-sector",
          `${a.name} (${span(bytesA)}) and ${b.name} (${span(bytesB)}) share a 4 KB flash sector: writing one erases part of the other. Nothing was written.`,
          "Place every part at an offset that is a multiple of 4 KB (0x1000) and do not let a part end inside the sector where the next one starts; tell the site's author.",
          "preparing",
        );
      }
    }
  }
}

export interface FlashBound {
  bytes: number;
  name: string;
  /** Where the bound comes from, for messages. */
  source: "chip" | "build" | "image header";
}

/**
 * The size every part must fit in: the detected chip's, else a size the build states, else
 * the size in the bootloader image's header (said in `note`). Undefined when nothing tells.
 */
export function flashBound(
  device: DeviceInfo,
  build: ManifestBuild,
  parts: readonly PreparedPart[],
): { bound?: FlashBound; note?: string } {
  if (device.flashSize)
    return {
      bound: { bytes: flashSizeBytes(device.flashSize), name: device.flashSize, source: "chip" },
    };
  if (build.flashSize !== "detect" && build.flashSize !== "keep") {
    return {
      bound: { bytes: flashSizeBytes(build.flashSize), name: build.flashSize, source: "build" },
    };
  }
  const header = headerFlashSize(device, parts);
  if (!header)
    return {
      note: `The flash size is unknown and no image header states one: parts cannot be checked against the chip's size.`,
    };
  return {
    bound: { bytes: flashSizeBytes(header), name: header, source: "image header" },
    note: `Flash ID ${hex(device.flashId)} is unknown: every part is held to the ${header} the bootloader's image header states.`,
  };
}

function headerFlashSize(device: DeviceInfo, parts: readonly PreparedPart[]): string | undefined {
  const at = chipInfo(device.family).bootloaderOffset;
  const part = parts.find((p) => p.offset <= at && at < p.offset + p.size);
  if (!part) return undefined;
  try {
    return readImageLayout(part.data.subarray(at - part.offset), device.family).header.flashSize;
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before writing, a flash size larger than the detected chip's: set by the build
 * (manifest `flashSize`, CLI `--flash-size`) or kept from the bootloader's header. The header
 * would claim flash the chip lacks, and the bootloader refuses to start such an image (the
 * ESP8266 SDK believes it and overwrites itself). esptool v5 only warns; we refuse.
 */
export function checkSizeFitsChip(
  device: DeviceInfo,
  build: ManifestBuild,
  parts: readonly PreparedPart[],
): void {
  if (!device.flashSize || build.flashSize === "detect") return;
  const kept = build.flashSize === "keep";
  const size = kept ? headerFlashSize(device, parts) : build.flashSize;
  if (!size || flashSizeBytes(size) <= flashSizeBytes(device.flashSize)) return;
  const source = kept
    ? `The bootloader's image header says the flash is ${size} (the build keeps it as built)`
    : `This build sets the flash size to ${size}`;
  throw new FlashError(
    "flash-size-too-large",
    `${source}, but this chip's flash is ${device.flashSize}: the bootloader would refuse to start it. Nothing was written.`,
    `Choose the build for a ${device.flashSize} board, or let the size be detected (manifest flashSize "detect", esp-flash --flash-size detect).`,
    "preparing",
  );
}

export function checkFits(parts: readonly PreparedPart[], bound: FlashBound | undefined): void {
  if (!bound) return;
  for (const part of parts) {
    const end = part.offset + part.size;
    if (end <= bound.bytes) continue;
    const what =
      part.offset === 0
        ? `image is ${formatBytes(part.size)}`
        : `image ends at ${formatBytes(end)} (${formatBytes(part.size)} at ${hex(part.offset)})`;
    const flash =
      bound.source === "chip"
        ? `the flash is ${bound.name}`
        : `the flash is ${bound.name} by the ${bound.source} (the chip's own size is unknown)`;
    throw new FlashError(
      "image-too-large",
      `${part.name}: ${what} but ${flash}.`,
      `Choose a build for a ${bound.name} board, or use a board with more flash.`,
      "preparing",
    );
  }
}
