import type { Control } from "./control.js";
import type { Link } from "./connect.js";
import type { ProgressEventDetail } from "./events.js";
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
 * Write one part, compressed where the loader can inflate (not the ESP8266 ROM). Mode, freq and
 * size are "keep": the core patched the bytes already.
 */
export async function writePart(
  link: Link,
  ctl: Control,
  part: PreparedPart,
  onProgress: (written: number) => void,
): Promise<void> {
  const { loader } = link;
  const compress = loader.IS_STUB || loader.chip.CHIP_NAME !== "ESP8266";
  await ctl.run(
    loader.writeFlash({
      fileArray: [{ data: part.data.slice(), address: part.offset }],
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "keep",
      eraseAll: false,
      compress,
      // esptool-js reports bytes sent (compressed); scale to the part's real size.
      reportProgress: (_file, sent, total) => onProgress(total > 0 ? Math.round((sent / total) * part.size) : 0),
    }),
  );
}
