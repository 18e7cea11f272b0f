import type { DeflatedImage, Loader } from "../loader/index.js";
import { md5Hex } from "../md5.js";
import type { ProgressEventDetail } from "./events.js";
import type { FlashState } from "./flash-state.js";
import type { PreparedPart } from "./types.js";

/** Tracks uncompressed bytes written over all parts, for rate and ETA. */
export class ProgressMeter {
  #started = 0;
  #done = 0;
  constructor(readonly overallTotal: number) {}

  detail(part: PreparedPart, partIndex: number, written: number): ProgressEventDetail {
    const now = Date.now();
    if (!this.#started) this.#started = now;
    const overallWritten = this.#done + written;
    const seconds = (now - this.#started) / 1000;
    const bytesPerSecond = seconds > 0 ? Math.round(overallWritten / seconds) : 0;
    const left = this.overallTotal - overallWritten;
    return {
      part: part.name,
      partIndex,
      written,
      total: part.size,
      overallWritten,
      overallTotal: this.overallTotal,
      bytesPerSecond,
      etaSeconds: bytesPerSecond > 0 ? left / bytesPerSecond : left === 0 ? 0 : undefined,
    };
  }

  finishPart(part: PreparedPart) {
    this.#done += part.size;
  }
}

/**
 * Write one part (mode, freq and size were patched into the bytes already), tracking the flash's
 * state; `deflated`: its blocks when a preparer deflated them already. `from` (sector-aligned):
 * write only the part's bytes from there on, the flash holding those before it already.
 */
export async function writePart(
  loader: Loader,
  state: FlashState,
  part: PreparedPart,
  onProgress: (written: number) => void,
  deflated?: Promise<DeflatedImage | undefined>,
  from = 0,
): Promise<void> {
  const blocks = await deflated;
  // A link already gone sends nothing: the flash is as it was.
  loader.throwIfLost();
  state.sent(part);
  let begun = false;
  await loader.write(
    from === 0 ? part.data : part.data.subarray(from),
    part.offset + from,
    (done) => {
      // The first report comes once the chip acknowledged FLASH_BEGIN (which erases on ROMs).
      if (!begun) state.start(part);
      begun = true;
      state.progress(from + done);
      onProgress(from + done);
    },
    from === 0 ? blocks : undefined,
  );
  state.finish();
}

/** The granule a resumed write starts on, from the part's start (sector-aligned, as parts are). */
const RESUME_GRANULE = 0x10000;

/**
 * Where to go on with a part after the link was reset mid-write: the start of the first 64 KB
 * granule, up to what the chip acknowledged, whose flash MD5 differs from the part's bytes. An
 * acknowledged block may still have been in the stub's buffer when the reset came, so nothing
 * is taken on trust; the final MD5 pass checks the whole part again.
 */
export async function resumePoint(
  loader: Loader,
  part: PreparedPart,
  acked: number,
): Promise<number> {
  let at = 0;
  while (at + RESUME_GRANULE <= Math.min(acked, part.data.length)) {
    const expected = md5Hex(part.data.subarray(at, at + RESUME_GRANULE));
    if ((await loader.md5(part.offset + at, RESUME_GRANULE)) !== expected) break;
    at += RESUME_GRANULE;
  }
  return at;
}
