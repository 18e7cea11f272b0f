import type { DeflatedImage, Loader } from "../loader/index.js";
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
 * state; `deflated`: its blocks when a preparer deflated them already.
 */
export async function writePart(
  loader: Loader,
  state: FlashState,
  part: PreparedPart,
  onProgress: (written: number) => void,
  deflated?: Promise<DeflatedImage | undefined>,
): Promise<void> {
  const blocks = await deflated;
  // A link already gone sends nothing: the flash is as it was.
  loader.throwIfLost();
  state.sent(part);
  let begun = false;
  await loader.write(
    part.data,
    part.offset,
    (done) => {
      // The first report comes once the chip acknowledged FLASH_BEGIN (which erases on ROMs).
      if (!begun) state.start(part);
      begun = true;
      state.progress(done);
      onProgress(done);
    },
    blocks,
  );
  state.finish();
}
