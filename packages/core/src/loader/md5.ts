import type { ESPLoader } from "esptool-js";
import type { Control } from "./control.js";
import { OP } from "./opcodes.js";

const MD5_MS_PER_MB = 8000;

/**
 * MD5 of a flash region as lowercase hex. The request carries no checksum: a length garbled on
 * the line is refused (or its reply arrives garbled), so a refused or garbled read is asked once
 * more; reading changes nothing.
 */
export async function flashMd5(
  esp: ESPLoader,
  ctl: Control,
  offset: number,
  size: number,
): Promise<string> {
  try {
    return await md5Once(esp, ctl, offset, size);
  } catch (error) {
    if (ctl.aborted || ctl.lost || !/status|MD5 reply|Only got/i.test(String(error))) throw error;
    return md5Once(esp, ctl, offset, size);
  }
}

/** The stub answers 16 raw bytes; ROM loaders answer 32 ASCII hex characters (esptool-js 0.7.0 hex-encodes those again, so its compare always fails). */
async function md5Once(
  esp: ESPLoader,
  ctl: Control,
  offset: number,
  size: number,
): Promise<string> {
  const packet = new Uint8Array(16);
  const view = new DataView(packet.buffer);
  view.setUint32(0, offset, true);
  view.setUint32(4, size, true);
  const timeout = Math.max(3000, (MD5_MS_PER_MB * size) / 1e6);
  const length = esp.IS_STUB ? 16 : 32;
  const reply = await ctl.run(
    esp.checkCommand("calculate md5sum", OP.SPI_FLASH_MD5, packet, 0, length, timeout),
  );
  if (!(reply instanceof Uint8Array)) throw new Error("SPI_FLASH_MD5 returned no digest");
  return decodeMd5Reply(reply);
}

/** 16 raw bytes, or 32 ASCII hex characters, to lowercase hex. */
export function decodeMd5Reply(reply: Uint8Array): string {
  if (reply.length === 16)
    return Array.from(reply, (b) => b.toString(16).padStart(2, "0")).join("");
  const text = String.fromCharCode(...reply);
  if (reply.length === 32 && /^[0-9a-fA-F]{32}$/.test(text)) return text.toLowerCase();
  // Garbled on the way back (the ROM's reply carries no checksum): the session reports it as line noise.
  throw new Error(`unexpected MD5 reply of ${reply.length} bytes (serial noise or corruption)`);
}
