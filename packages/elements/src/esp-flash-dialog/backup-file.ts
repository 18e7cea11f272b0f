// The backup the dialog offers before an install: its file name (chip, MAC, date) and the
// download itself (a Blob behind an <a download>: no inline script, fine under a strict CSP).

/**
 * e.g. `esp32-s3_24-0a-c4-00-11-22_2026-11-30.bin`; the date is the person's local day. A file
 * that is not the whole flash (the chip's size unknown) says its range:
 * `…_2026-11-30_0x0-0x200000.bin`.
 */
export function backupFileName(
  device: { family: string; mac: string },
  date: Date,
  range?: { offset: number; length: number },
): string {
  const safe = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "unknown";
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const part = range
    ? `_0x${range.offset.toString(16)}-0x${(range.offset + range.length).toString(16)}`
    : "";
  return `${safe(device.family)}_${safe(device.mac)}_${day}${part}.bin`;
}

/** Hands `data` to the browser as a download named `name`. */
export function downloadFile(name: string, data: Uint8Array): void {
  const url = URL.createObjectURL(
    new Blob([data as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  // Revoked later, not at once: the browser may still be reading the Blob for the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
