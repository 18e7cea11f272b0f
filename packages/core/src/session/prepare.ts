import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { checkBootloaderRegion, checkPartsForChip, describePatch, downloadPart, patchImage, securityHold, securityNote, UnsupportedFlashSettingError, type ManifestBuild } from "./deps.js";
import { hex } from "./describe.js";
import { checkFits, checkFootprints, flashBound, type FlashBound } from "./geometry.js";
import type { DownloadEventDetail, PatchEventDetail } from "./events.js";
import type { DeviceInfo, PreparedPart } from "./types.js";

export interface PrepareHooks {
  signal: AbortSignal;
  fetch?: typeof fetch;
  onDownload(detail: DownloadEventDetail): void;
  onDownloaded(): void;
  onPatch(detail: PatchEventDetail): void;
  log(line: string): void;
  forceSecuredBootloaderWrite?: boolean;
}

export interface Prepared {
  parts: PreparedPart[];
  flashSizeNote?: string;
  /** The size every part was checked against (undefined: nothing tells the size). */
  bound?: FlashBound;
  /** Why headers were left alone on a secured chip. */
  securityNote?: string;
}

/** Download, pad, patch and check every part; throws before anything reaches the device. */
export async function prepareParts(device: DeviceInfo, build: ManifestBuild, hooks: PrepareHooks): Promise<Prepared> {
  const downloads: Uint8Array[] = [];
  for (const [partIndex, part] of build.parts.entries()) {
    const bytes = await downloadPart(part, {
      signal: hooks.signal,
      ...(hooks.fetch ? { fetch: hooks.fetch } : {}),
      onProgress: (received, total) => hooks.onDownload({ part: part.path, partIndex, received, total }),
    });
    downloads.push(bytes);
  }
  hooks.onDownloaded();

  const { size, note } = targetFlashSize(device, build);
  const parts = build.parts.map((part, i) => {
    const padded = padTo4(downloads[i]!);
    const patch = securityHold(padded, device.security) ?? patchFor(padded, device, build, part.offset, size, hooks);
    const data = standalone(patch.bytes); // esptool-js misreads views with an offset
    if (patch.outcome === "patched") {
      hooks.onPatch({
        part: part.path,
        offset: part.offset,
        changes: patch.changes,
        shaUpdated: patch.shaUpdated,
        text: describePatch(patch),
      });
    }
    return { name: part.path, offset: part.offset, size: data.length, data, md5: bytesToHex(md5(data)), patch, skip: false };
  });
  checkFootprints(parts);
  const { bound, note: boundNote } = flashBound(device, build, parts);
  const flashSizeNote = [note, boundNote].filter(Boolean).join(" ");
  if (flashSizeNote) hooks.log(flashSizeNote);
  checkFits(parts, bound);
  checkPartsForChip(parts, device, { allow: build.allowImageChipMismatch === true, log: hooks.log });
  checkBootloaderRegion(parts, device.security, hooks.forceSecuredBootloaderWrite === true);
  const secured = securityNote(device.security, device.family);
  return {
    parts,
    ...(flashSizeNote ? { flashSizeNote } : {}),
    ...(bound ? { bound } : {}),
    ...(secured ? { securityNote: secured } : {}),
  };
}

/** The size to write into headers: "detect" means the chip's size, or "keep" when that is unknown. */
function targetFlashSize(device: DeviceInfo, build: ManifestBuild): { size: string; note?: string } {
  if (build.flashSize !== "detect") return { size: build.flashSize };
  if (device.flashSize) return { size: device.flashSize };
  return {
    size: "keep",
    note: `Flash ID ${hex(device.flashId)} is not in the known tables, so the flash size is unknown: keeping the size written in the image header.`,
  };
}

function patchFor(bytes: Uint8Array, device: DeviceInfo, build: ManifestBuild, address: number, flashSize: string, hooks: PrepareHooks) {
  const settings = { chip: device.family, address, flashMode: build.flashMode, flashFreq: build.flashFreq };
  try {
    return patchImage(bytes, { ...settings, flashSize });
  } catch (error) {
    // A detected size the header cannot encode (e.g. 256MB) keeps the header's size; an explicit one is the site's error.
    if (!(error instanceof UnsupportedFlashSettingError) || build.flashSize !== "detect") throw error;
    hooks.log(`The image header cannot say ${flashSize} on ${device.family}; keeping the header's size.`);
    return patchImage(bytes, { ...settings, flashSize: "keep" });
  }
}

/** `bytes` itself when it owns its whole buffer (padTo4's and patchImage's output do), else a copy. */
function standalone(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** esptool pads every file to a multiple of 4 bytes with 0xFF. */
export function padTo4(bytes: Uint8Array): Uint8Array {
  const size = Math.ceil(bytes.length / 4) * 4;
  const out = new Uint8Array(size).fill(0xff);
  out.set(bytes);
  return out;
}
