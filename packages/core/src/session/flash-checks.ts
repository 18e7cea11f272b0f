import type { Control, Loader } from "../loader/index.js";
import { hex } from "./describe.js";
import { FlashError } from "./errors.js";
import type { FlashEventDetails } from "./events.js";
import type { PartResult, PreparedPart } from "./types.js";
import { refuseWrapAfterWriting, refuseWrapped } from "./wrap.js";

/** Fast re-flash: a part whose flash region already has the same MD5 is not written again. */
export async function markSkips(
  loader: Loader,
  ctl: Control,
  parts: PreparedPart[],
  log: (line: string) => void,
) {
  for (const part of parts) {
    try {
      part.skip =
        (await samePrefix(loader, part)) && (await loader.md5(part.offset, part.size)) === part.md5;
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      log(
        `Could not read the flash checksum at ${hex(part.offset)} (${String(error)}); it will be written.`,
      );
      part.skip = false;
    }
    if (part.skip) log(`${part.name} at ${hex(part.offset)} already matches: skipping.`);
  }
}

/** The part's first non-blank 4 KB (hashed when it was prepared) against the flash's. */
async function samePrefix(loader: Loader, part: PreparedPart): Promise<boolean> {
  const { prefix } = part;
  if (!prefix) return true; // small parts: the full hash is as cheap
  return (await loader.md5(part.offset + prefix.offset, prefix.length)) === prefix.md5;
}

export interface FinalCheckHooks {
  emit(detail: FlashEventDetails["verify"]): void;
  /** Write a part again after a mismatch. */
  rewrite(part: PreparedPart): Promise<void>;
  /** Parts a wrapping flash overwrote after they were written. */
  overwritten?(parts: PreparedPart[]): void;
  /** The probe before writing proved nothing (blank flash): probe again with the written parts. */
  probeWrapAfterWriting?: boolean;
  log(line: string): void;
}

/**
 * After the last write: one MD5 pass over every part of the plan, written or skipped, so a
 * write that damaged another part (or a flash that wraps) cannot end as success. A flash
 * that wraps is named; other mismatches are written once more, then every part is checked again.
 */
export async function finalCheck(
  loader: Loader,
  parts: PreparedPart[],
  claimedBytes: number | undefined,
  hooks: FinalCheckHooks,
): Promise<PartResult[]> {
  // Nothing written: the unchanged-check hashed every part with no write since, so that was the pass.
  let actual = parts.every((p) => p.skip) ? parts.map((p) => p.md5) : await md5All(loader, parts);
  await refuseWrapped(loader, parts, claimedBytes, actual, hooks.overwritten);
  const bad = parts.filter((p, i) => actual[i] !== p.md5);
  if (bad.length) {
    for (const part of bad) {
      hooks.log(
        `Verification of ${part.name} at ${hex(part.offset)} failed (flash ${actual[parts.indexOf(part)]}, expected ${part.md5}); writing it again.`,
      );
      await hooks.rewrite(part);
      part.skip = false;
    }
    actual = await md5All(loader, parts);
    await refuseWrapped(loader, parts, claimedBytes, actual, hooks.overwritten);
  }
  parts.forEach((p, i) =>
    hooks.emit({
      part: p.name,
      offset: p.offset,
      ok: actual[i] === p.md5,
      expected: p.md5,
      actual: actual[i]!,
    }),
  );
  const wrong = parts.filter((p, i) => actual[i] !== p.md5);
  if (!wrong.length && hooks.probeWrapAfterWriting && parts.some((p) => !p.skip))
    await refuseWrapAfterWriting(loader, parts, claimedBytes);
  if (wrong.length) {
    const list = wrong
      .map(
        (p) => `${p.name} at ${hex(p.offset)} (MD5 ${actual[parts.indexOf(p)]}, expected ${p.md5})`,
      )
      .join("; ");
    throw new FlashError(
      "verify-failed",
      `Verification failed: the flash holds different data for ${list}. The board may not start until it is installed again.`,
      "Retry; if it fails again, try a different USB cable or port, and a lower baud rate.",
      "verifying",
    );
  }
  return parts.map((p) => ({
    name: p.name,
    offset: p.offset,
    size: p.size,
    md5: p.md5,
    written: !p.skip,
    verified: true,
  }));
}

async function md5All(loader: Loader, parts: readonly PreparedPart[]): Promise<string[]> {
  const out: string[] = [];
  for (const part of parts) out.push(await loader.md5(part.offset, part.size));
  return out;
}
