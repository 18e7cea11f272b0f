import { deflateBlocks, type DeflatedImage } from "../loader/deflate.js";
import type { ChipFamily } from "../chips/index.js";
import { securityHold, type ChipSecurity } from "../guards/security.js";
import { patchImage, UnsupportedFlashSettingError, type PatchResult } from "../image/index.js";
import { md5Hex } from "../md5.js";

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
  /** Padded to 4 bytes and patched; owns its whole buffer (the job's own bytes when nothing changed). */
  data: Uint8Array;
  patch: PatchResult;
  /** MD5 of `data`, lowercase hex. */
  md5: string;
  /** The skip-check's first look; absent for parts of 16 KB or less, where the full hash is as cheap. */
  prefix?: PrefixDigest;
  /** Lines for the log. */
  notes: string[];
}

/** The first 4 KB of a part that is not blank (erased flash matches blank padding), and its MD5. */
export interface PrefixDigest {
  /** Offset inside the part. */
  offset: number;
  length: number;
  /** Lowercase hex. */
  md5: string;
}

/** Changed firmware usually differs in its first bytes: the skip-check hashes those before the whole part. */
const PREFIX_BYTES = 0x1000;

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
  // Most parts are whole words already: no copy then (patching copies anyway, only when it changes bytes).
  const padded = job.bytes.length % 4 === 0 ? job.bytes : padTo4(job.bytes);
  const patch = securityHold(padded, job.security) ?? patchFor(padded, job, notes);
  const data = standalone(patch.bytes); // esptool-js misreads views with an offset
  const prefix = prefixDigest(data);
  return { data, patch, md5: md5Hex(data), ...(prefix && { prefix }), notes };
}

/**
 * One part's whole CPU work before it is written: `prepareImage`, then its data deflated into
 * blocks of `blockSize` (the loader's write size). `onImage` gets the image before the deflate
 * starts (the session's checks need only the image). The prepare worker runs this; without a
 * worker the session runs the same two steps, the second in the write loop.
 */
export function prepareForWrite(
  job: ImageJob,
  blockSize: number,
  onImage: (image: PreparedImage) => void = () => {},
): { image: PreparedImage; deflated: DeflatedImage } {
  const image = prepareImage(job);
  onImage(image);
  return { image, deflated: { blockSize, blocks: deflateBlocks(image.data, blockSize) } };
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

function prefixDigest(data: Uint8Array): PrefixDigest | undefined {
  if (data.length <= PREFIX_BYTES * 4) return undefined;
  let offset = 0;
  while (offset + PREFIX_BYTES < data.length && blank(data, offset, offset + PREFIX_BYTES))
    offset += PREFIX_BYTES;
  const length = Math.min(PREFIX_BYTES, data.length - offset);
  return { offset, length, md5: md5Hex(data.subarray(offset, offset + length)) };
}

function blank(data: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (data[i] !== 0xff) return false;
  return true;
}

/** `bytes` itself when it owns its whole buffer (padTo4's, patchImage's and a download's do), else a copy. */
function standalone(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}

/** esptool pads every file to a multiple of 4 bytes with 0xFF. */
export function padTo4(bytes: Uint8Array): Uint8Array {
  const size = Math.ceil(bytes.length / 4) * 4;
  const out = new Uint8Array(size);
  out.set(bytes);
  return out.fill(0xff, bytes.length);
}
