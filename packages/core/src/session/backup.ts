import type { Control, Loader } from "../loader/index.js";
import { formatBytes, hex } from "./describe.js";
import { FlashError } from "./errors.js";
import type { BackupEventDetail } from "./events.js";
import type { FlashBound } from "./geometry.js";
import type { DeviceInfo, FlashBackupOptions } from "./types.js";

/**
 * Read the flash before anything is written and hand it to the caller. Any failure here
 * (including the caller's `save` throwing) ends the session with nothing written.
 */
export async function saveBackup(
  loader: Loader,
  ctl: Control,
  device: DeviceInfo,
  bound: FlashBound | undefined,
  options: FlashBackupOptions,
  emit: (detail: BackupEventDetail) => void,
  log: (line: string) => void = () => {},
): Promise<void> {
  const offset = options.offset ?? 0;
  const asked = options.length;
  // A range that cannot be read is the caller's mistake: say so, before anything is read.
  const outOfRange = (why: string) =>
    new FlashError(
      "read-out-of-range",
      `The backup range is not on the flash: ${why}. Nothing was written.`,
      `Give a backup offset and length within the flash (0x0 to ${bound ? `${hex(bound.bytes)}, ${bound.name}` : "its size"}), or leave them out to back up the whole flash.`,
      "reading",
    );
  if (!Number.isInteger(offset) || offset < 0)
    throw outOfRange(`the offset ${String(offset)} is not a whole number of 0 or more`);
  if (asked !== undefined && (!Number.isInteger(asked) || asked <= 0))
    throw outOfRange(`the length ${String(asked)} is not a whole number above 0`);
  if (bound && offset >= bound.bytes)
    throw outOfRange(`${hex(offset)} is at or past the end of the ${bound.name} flash`);
  if (bound && asked !== undefined && offset + asked > bound.bytes)
    throw outOfRange(
      `${formatBytes(asked)} at ${hex(offset)} ends past the end of the ${bound.name} flash`,
    );
  const length = asked ?? (bound ? bound.bytes - offset : undefined);
  if (length === undefined) {
    throw new FlashError(
      "backup-size-unknown",
      "The flash size is unknown, so the backup does not know how much to read. Nothing was written.",
      "Pass `backup.length` (in bytes), or flash without a backup.",
      "reading",
    );
  }
  const whole = offset === 0 && bound?.source === "chip" && length === bound.bytes;
  if (!whole && options.length === undefined && bound)
    log(
      `The chip's flash size is unknown: the backup holds ${hex(offset)}–${hex(offset + length)} (${formatBytes(length)}, the size the ${bound.source} states), which may not be the whole flash.`,
    );
  emit({ offset, read: 0, total: length });
  const { data, md5 } = await loader.read(offset, length, (read) =>
    emit({ offset, read, total: length }),
  );
  try {
    await ctl.run(Promise.resolve(options.save({ data, md5, offset, device, whole })));
  } catch (error) {
    if (ctl.aborted || ctl.lost) throw error;
    throw new FlashError(
      "backup-failed",
      `The backup of ${formatBytes(length)} at ${hex(offset)} was read but could not be saved (${String(error)}). Nothing was written.`,
      "Free some disk space or allow the download, then retry.",
      "reading",
      { cause: error },
    );
  }
}
