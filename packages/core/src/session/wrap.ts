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
): Promise<"genuine" | "unproven"> {
  if (!claimedBytes || claimedBytes <= SMALLEST_FLASH) return "genuine";
  const half = PROBE_BYTES / 2;
  if ((await loader.md5(0, half)) === (await loader.md5(half, half))) return "unproven";
  const start = await loader.md5(0, PROBE_BYTES);
  const wrapsAt = async (size: number) => (await loader.md5(size, PROBE_BYTES)) === start;
  if (!(await wrapsAt(claimedBytes / 2))) return "genuine";
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
 * After writing, when the probe before writing proved nothing (a blank flash reads the same
 * everywhere): the parts just written are not blank, so the lowest one now shows a wrap. On a
 * genuine chip its first bytes do not reappear half the claimed size higher; on a wrapping one
 * they do, and the size is followed down. Two short reads when all is well.
 */
export async function refuseWrapAfterWriting(
  loader: Loader,
  parts: readonly PreparedPart[],
  claimedBytes: number | undefined,
): Promise<void> {
  if (!claimedBytes || claimedBytes <= SMALLEST_FLASH) return;
  const half = claimedBytes / 2;
  const probe = [...parts]
    .sort((a, b) => a.offset - b.offset)
    .map((part) => ({ part, data: part.data.subarray(0, PROBE_BYTES) }))
    .find(({ part, data }) => part.offset + data.length <= half && !uniform(data));
  if (!probe) return;
  const { part, data } = probe;
  const own = await loader.md5(part.offset, data.length);
  const wrapsAt = async (size: number) =>
    !planPuts(parts, part, data, part.offset + size) &&
    (await loader.md5(part.offset + size, data.length)) === own;
  if (!(await wrapsAt(half))) return;
  let size = SMALLEST_FLASH;
  while (size < half && !(await wrapsAt(size))) size *= 2;
  throw new FlashError(
    "flash-wraps",
    `The flash chip says it holds ${formatBytes(claimedBytes)} but holds at most ${formatBytes(size)}: after writing, ${part.name} at ${hex(part.offset)} also reads at ${hex(part.offset + size)}, so addresses wrap (the flash was blank before, which cannot show it). The parts read back as written, but firmware told it has ${formatBytes(claimedBytes)} would overwrite itself when it uses the rest. The flash is counterfeit or mislabelled.`,
    `Install again with a build for a ${formatBytes(size)} board and its flash size kept as built (esptool write-flash --flash-size keep), or use a board with genuine flash.`,
    "verifying",
  );
}

/** Every byte the same (erased, or one fill value): such bytes prove nothing about wrapping. */
function uniform(data: Uint8Array): boolean {
  return data.every((b) => b === data[0]);
}

/** Whether another part of the plan puts exactly `data` at `at` (the same image in two slots). */
function planPuts(
  parts: readonly PreparedPart[],
  except: PreparedPart,
  data: Uint8Array,
  at: number,
): boolean {
  let overlapped = false;
  for (const p of parts) {
    if (p === except) continue;
    const start = Math.max(p.offset, at);
    const end = Math.min(p.offset + p.size, at + data.length);
    for (let i = start; i < end; i++) {
      overlapped = true;
      if (p.data[i - p.offset] !== data[i - at]) return false;
    }
  }
  return overlapped;
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
  overwritten?: (parts: PreparedPart[]) => void,
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
    // The parts the high one landed on are no longer on the chip as written.
    overwritten?.(
      parts.filter((p) => p !== high && p.offset < alias + high.size && alias < p.offset + p.size),
    );
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
