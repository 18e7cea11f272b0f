// A counterfeit or mislabelled chip whose ID claims more flash than it holds wraps addresses:
// a part above the real size lands (and reads back) lower down, over the bootloader.
import type { Loader } from "../loader/index.js";
import { formatBytes, hex } from "./describe.js";
import { FlashError } from "./errors.js";
import type { PreparedPart } from "./types.js";

/** The smallest flash chip ESP boards carry; wrap-around probes stop here. */
const SMALLEST_FLASH = 256 * 1024;
/** The start of the flash read before writing: the bootloader on every chip. */
const PROBE_BYTES = 32 * 1024;

const ADVICE = (size: number) =>
  `Choose a build for a ${formatBytes(size)} board (or smaller) and install again, or use a board with genuine flash.`;

/**
 * Before anything is written, read only: on a wrapping chip the flash at the real size (and at
 * every multiple of it) reads the same as its start. A genuine chip does not hold a copy of its
 * first 32 KB (its bootloader) at half its size, so one read there clears it; only a match is
 * followed down to the real size. A part beyond the real size would land on the bootloader,
 * and firmware told it has the claimed size would overwrite itself when it uses the rest (a
 * file system). A start that repeats itself (erased, or filled with one value) would read the
 * same anywhere and proves nothing: then the final pass is what catches a wrap.
 */
export async function refuseWrapBeforeWriting(
  loader: Loader,
  parts: readonly PreparedPart[],
  claimedBytes: number | undefined,
): Promise<void> {
  if (!claimedBytes || claimedBytes <= SMALLEST_FLASH) return;
  const half = PROBE_BYTES / 2;
  if ((await loader.md5(0, half)) === (await loader.md5(half, half))) return;
  const start = await loader.md5(0, PROBE_BYTES);
  const wrapsAt = async (size: number) => (await loader.md5(size, PROBE_BYTES)) === start;
  if (!(await wrapsAt(claimedBytes / 2))) return;
  let size = SMALLEST_FLASH;
  while (size < claimedBytes / 2 && !(await wrapsAt(size))) size *= 2;
  const high = parts.find((p) => p.offset + p.size > size);
  const harm = high
    ? `${high.name} at ${hex(high.offset)} would overwrite what is below it`
    : `firmware told it has ${formatBytes(claimedBytes)} would overwrite itself when it uses the rest`;
  throw new FlashError(
    "flash-wraps",
    `The flash chip says it holds ${formatBytes(claimedBytes)} but holds at most ${formatBytes(size)}: the flash at ${hex(size)} reads the same as at 0x0, so addresses wrap, and ${harm}. The flash is counterfeit or mislabelled. Nothing was written.`,
    high
      ? ADVICE(size)
      : `Use a board with genuine flash, or write a build for a ${formatBytes(size)} board with its flash size kept as built (esptool write-flash --flash-size keep).`,
    "preparing",
  );
}

/**
 * After writing, with the MD5s of the final pass: probe a verified part above each candidate
 * size at its would-be alias lower down; the same bytes there mean the flash wraps.
 */
export async function refuseWrapped(
  loader: Loader,
  parts: readonly PreparedPart[],
  claimedBytes: number | undefined,
  actual: readonly string[],
) {
  if (!claimedBytes) return;
  for (let size = claimedBytes / 2; size >= SMALLEST_FLASH; size /= 2) {
    const high = parts.find(
      (p, i) =>
        p.offset >= size &&
        actual[i] === p.md5 &&
        !blank(p) &&
        !planHoldsSameBytes(parts, p, p.offset % size),
    );
    if (!high) continue;
    const alias = high.offset % size;
    if ((await loader.md5(alias, high.size)) !== high.md5) return;
    throw new FlashError(
      "flash-wraps",
      `The flash chip says it holds ${formatBytes(claimedBytes)} but holds at most ${formatBytes(size)}: ${high.name} written at ${hex(high.offset)} also appears at ${hex(alias)}, so addresses wrap and it overwrote what was there. The flash is counterfeit or mislabelled; the board may not start.`,
      ADVICE(size),
      "verifying",
    );
  }
}

/**
 * The plan itself puts `high`'s bytes at `alias` (e.g. one app image in two OTA slots): a
 * match there proves nothing about wrapping.
 */
function planHoldsSameBytes(
  parts: readonly PreparedPart[],
  high: PreparedPart,
  alias: number,
): boolean {
  let overlapped = false;
  for (const p of parts) {
    if (p === high) continue;
    const start = Math.max(p.offset, alias);
    const end = Math.min(p.offset + p.size, alias + high.size);
    for (let at = start; at < end; at++) {
      overlapped = true;
      if (p.data[at - p.offset] !== high.data[at - alias]) return false;
    }
  }
  return overlapped;
}

/** An all-0xFF part reads the same as erased flash anywhere: it proves nothing about wrapping. */
function blank(part: PreparedPart): boolean {
  return part.data.every((b) => b === 0xff);
}
