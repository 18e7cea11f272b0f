import type { DeflatedImage } from "../loader/index.js";
import {
  checkBootloaderRegion,
  checkPartsForChip,
  describePatch,
  downloadPart,
  securityNote,
  type ManifestBuild,
} from "./deps.js";
import { hex } from "./describe.js";
import {
  checkFits,
  checkFootprints,
  checkSizeFitsChip,
  flashBound,
  type FlashBound,
} from "./geometry.js";
import type { DownloadEventDetail, PatchEventDetail } from "./events.js";
import type { ImageJob, PreparedImage, Preparer } from "./prepare-image.js";
import type { DeviceInfo, PreparedPart } from "./types.js";

export interface PrepareHooks {
  signal: AbortSignal;
  fetch?: typeof fetch;
  onDownload(detail: DownloadEventDetail): void;
  onDownloaded(): void;
  onPatch(detail: PatchEventDetail): void;
  log(line: string): void;
  forceSecuredBootloaderWrite?: boolean;
  /** Patch, MD5 and deflate elsewhere (a Web Worker), in blocks of `blockSize`. */
  preparer?: Preparer;
  blockSize: number;
}

export interface Prepared {
  parts: PreparedPart[];
  flashSizeNote?: string;
  /** The size every part was checked against (undefined: nothing tells the size). */
  bound?: FlashBound;
  /** Why headers were left alone on a secured chip. */
  securityNote?: string;
  /** Each part's deflated blocks, when a preparer made them (undefined if it failed). */
  deflated: Map<PreparedPart, Promise<DeflatedImage | undefined>>;
}

/** Download, pad, patch and check every part; throws before anything reaches the device. */
export async function prepareParts(
  device: DeviceInfo,
  build: ManifestBuild,
  hooks: PrepareHooks,
): Promise<Prepared> {
  const downloads: Uint8Array[] = [];
  for (const [partIndex, part] of build.parts.entries()) {
    const bytes = await downloadPart(part, {
      signal: hooks.signal,
      ...(hooks.fetch ? { fetch: hooks.fetch } : {}),
      onProgress: (received, total) =>
        hooks.onDownload({ part: part.path, partIndex, received, total }),
    });
    downloads.push(bytes);
  }
  hooks.onDownloaded();

  const { size, note } = targetFlashSize(device, build);
  const jobs = build.parts.map((part, i): ImageJob => ({
    bytes: downloads[i]!,
    chip: device.family,
    address: part.offset,
    flashMode: build.flashMode,
    flashFreq: build.flashFreq,
    flashSize: size,
    sizeDetected: build.flashSize === "detect",
    ...(device.security ? { security: device.security } : {}),
  }));
  const works = hooks.preparer
    ? await viaPreparer(hooks.preparer, jobs, hooks)
    : await prepareHere(jobs);
  const deflated = new Map<PreparedPart, Promise<DeflatedImage | undefined>>();
  const parts = build.parts.map((part, i) => {
    const { image, deflating } = works[i]!;
    for (const line of image.notes) hooks.log(line);
    const { patch, data } = image;
    if (patch.outcome === "patched") {
      hooks.onPatch({
        part: part.path,
        offset: part.offset,
        changes: patch.changes,
        shaUpdated: patch.shaUpdated,
        text: describePatch(patch),
      });
    }
    const prepared: PreparedPart = {
      name: part.path,
      offset: part.offset,
      size: data.length,
      data,
      md5: image.md5,
      ...(image.prefix && { prefix: image.prefix }),
      patch,
      skip: false,
    };
    if (deflating) deflated.set(prepared, deflating);
    return prepared;
  });
  checkFootprints(parts);
  checkSizeFitsChip(device, build, parts);
  const { bound, note: boundNote } = flashBound(device, build, parts);
  const flashSizeNote = [note, boundNote].filter(Boolean).join(" ");
  if (flashSizeNote) hooks.log(flashSizeNote);
  checkFits(parts, bound);
  checkPartsForChip(parts, device, {
    allow: build.allowImageChipMismatch === true,
    log: hooks.log,
  });
  checkBootloaderRegion(parts, device.security, hooks.forceSecuredBootloaderWrite === true);
  const secured = securityNote(device.security, device.family);
  return {
    parts,
    deflated,
    ...(flashSizeNote ? { flashSizeNote } : {}),
    ...(bound ? { bound } : {}),
    ...(secured ? { securityNote: secured } : {}),
  };
}

/** The size to write into headers: "detect" means the chip's size, or "keep" when that is unknown. */
function targetFlashSize(
  device: DeviceInfo,
  build: ManifestBuild,
): { size: string; note?: string } {
  if (build.flashSize !== "detect") return { size: build.flashSize };
  if (device.flashSize) return { size: device.flashSize };
  return {
    size: "keep",
    note: `Flash ID ${hex(device.flashId)} is not in the known tables, so the flash size is unknown: keeping the size written in the image header.`,
  };
}

interface ImageWork {
  image: PreparedImage;
  deflating?: Promise<DeflatedImage | undefined>;
}

/** On this thread. Loaded when first needed: a page whose Web Worker prepares the parts never loads it. */
async function prepareHere(jobs: ImageJob[]): Promise<ImageWork[]> {
  const { prepareImage } = await import("./prepare-image.js");
  return jobs.map((job) => ({ image: prepareImage(job) }));
}

/** Every part through the preparer; a failed deflate leaves that part to the write loop, which deflates it itself. */
async function viaPreparer(
  preparer: Preparer,
  jobs: ImageJob[],
  hooks: PrepareHooks,
): Promise<ImageWork[]> {
  const done = await Promise.all(
    jobs.map((job) => preparer.prepare(job, hooks.blockSize, hooks.log)),
  );
  return done.map(({ image, deflated }) => ({
    image,
    ...(deflated && {
      deflating: deflated.catch((error: unknown) => {
        hooks.log(
          `Compressing on this thread instead: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }),
    }),
  }));
}
