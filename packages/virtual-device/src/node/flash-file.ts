import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** Flash contents saved by an earlier run, or undefined when the file does not exist yet. */
export function loadFlashFile(path: string, flashBytes: number): Uint8Array | undefined {
  if (!existsSync(path)) return undefined;
  const data = readFileSync(path);
  if (data.length > flashBytes) {
    throw new FlashFileError(
      `${path} holds ${data.length} bytes, more than the ${flashBytes}-byte flash.`,
      "Use a larger --flash-size, or another --flash-file.",
    );
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** Write the whole flash image; through a temporary file so a crash never leaves half a file. */
export function saveFlashFile(
  path: string,
  flash: { readonly size: number; read(offset: number, length: number): Uint8Array },
): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, flash.read(0, flash.size));
  renameSync(temporary, path);
}

export class FlashFileError extends Error {
  override readonly name = "FlashFileError";
  readonly code = "flash-file";
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super(`${message} ${advice}`);
  }
}
