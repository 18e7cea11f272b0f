import type { Control } from "./control.js";
import type { Link } from "./connect.js";
import { hex } from "./describe.js";
import { FlashError } from "./errors.js";
import type { FlashEventDetails } from "./events.js";
import type { PartResult, PreparedPart } from "./types.js";
import { flashMd5 } from "./verify.js";

/** Fast re-flash: a part whose flash region already has the same MD5 is not written again. */
export async function markSkips(link: Link, ctl: Control, parts: PreparedPart[], log: (line: string) => void) {
  for (const part of parts) {
    try {
      part.skip = (await flashMd5(link.loader, ctl, part.offset, part.size)) === part.md5;
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      log(`Could not read the flash checksum at ${hex(part.offset)} (${String(error)}); it will be written.`);
      part.skip = false;
    }
    if (part.skip) log(`${part.name} at ${hex(part.offset)} already matches: skipping.`);
  }
}

interface VerifyHooks {
  emit(detail: FlashEventDetails["verify"]): void;
  /** Write a part again after a mismatch (one retry). */
  rewrite(part: PreparedPart): Promise<void>;
  log(line: string): void;
}

/** Compare each written part with the flash by MD5 (our own compare); one rewrite on mismatch. */
export async function verifyWritten(link: Link, ctl: Control, parts: PreparedPart[], hooks: VerifyHooks): Promise<PartResult[]> {
  const results: PartResult[] = [];
  for (const part of parts) {
    let actual = await flashMd5(link.loader, ctl, part.offset, part.size);
    if (actual !== part.md5) {
      hooks.log(`Verification of ${part.name} at ${hex(part.offset)} failed (flash ${actual}, expected ${part.md5}); writing it again.`);
      await hooks.rewrite(part);
      actual = await flashMd5(link.loader, ctl, part.offset, part.size);
    }
    const ok = actual === part.md5;
    hooks.emit({ part: part.name, offset: part.offset, ok, expected: part.md5, actual });
    if (!ok) {
      throw new FlashError(
        "verify-failed",
        `Verification failed at ${hex(part.offset)} (${part.name}): the flash holds different data (MD5 ${actual}, expected ${part.md5}).`,
        "Retry; if it fails again, try a different USB cable or port, and a lower baud rate.",
        "verifying",
      );
    }
    results.push({ name: part.name, offset: part.offset, size: part.size, md5: part.md5, written: true, verified: true });
  }
  return results;
}
