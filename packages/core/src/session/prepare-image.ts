import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { DeflatedImage } from "../loader/deflate.js";
import type { ChipFamily } from "../chips/index.js";
import { securityHold, type ChipSecurity } from "../guards/security.js";
import { patchImage, UnsupportedFlashSettingError, type PatchResult } from "../image/index.js";

/** One part's CPU work order: everything `prepareImage` needs, and all of it structured-cloneable. */
export interface ImageJob {
  /** The part as downloaded. */
  bytes: Uint8Array;
  chip: ChipFamily;
  address: number;
  flashMode: string;
  flashFreq: string;
  /** The size to write into the header ("keep" leaves it). */
  flashSize: string;
  /** The size came from detection: one the header cannot encode keeps the header's size, with a note. */
  sizeDetected: boolean;
  security?: ChipSecurity;
}

export interface PreparedImage {
  /** Padded to 4 bytes and patched; owns its whole buffer. */
  data: Uint8Array;
  patch: PatchResult;
  /** MD5 of `data`, lowercase hex. */
  md5: string;
  /** Lines for the log. */
  notes: string[];
}

/**
 * Does one part's CPU work somewhere else (a browser's Web Worker): `prepareImage` on the job
 * (throwing what it throws), and, when it can, deflating `data` into blocks of `blockSize` for
 * the write loop (without `deflated`, the loop deflates the part as it writes it). `log`: the
 * session's log.
 */
export interface Preparer {
  prepare(
    job: ImageJob,
    blockSize: number,
    log: (line: string) => void,
  ): Promise<{ image: PreparedImage; deflated?: Promise<DeflatedImage> }>;
}

/** Pad, patch and MD5 one part: the same code on the main thread and in a worker. */
export function prepareImage(job: ImageJob): PreparedImage {
  const notes: string[] = [];
  const padded = padTo4(job.bytes);
  const patch = securityHold(padded, job.security) ?? patchFor(padded, job, notes);
  const data = standalone(patch.bytes); // esptool-js misreads views with an offset
  return { data, patch, md5: bytesToHex(md5(data)), notes };
}

function patchFor(bytes: Uint8Array, job: ImageJob, notes: string[]): PatchResult {
  const settings = {
    chip: job.chip,
    address: job.address,
    flashMode: job.flashMode,
    flashFreq: job.flashFreq,
  };
  try {
    return patchImage(bytes, { ...settings, flashSize: job.flashSize });
  } catch (error) {
    // A detected size the header cannot encode (e.g. 256MB) keeps the header's size; an explicit one is the site's error.
    if (!(error instanceof UnsupportedFlashSettingError) || !job.sizeDetected) throw error;
    notes.push(
      `The image header cannot say ${job.flashSize} on ${job.chip}; keeping the header's size.`,
    );
    return patchImage(bytes, { ...settings, flashSize: "keep" });
  }
}

/** `bytes` itself when it owns its whole buffer (padTo4's and patchImage's output do), else a copy. */
function standalone(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}

/** esptool pads every file to a multiple of 4 bytes with 0xFF. */
export function padTo4(bytes: Uint8Array): Uint8Array {
  const size = Math.ceil(bytes.length / 4) * 4;
  const out = new Uint8Array(size).fill(0xff);
  out.set(bytes);
  return out;
}
