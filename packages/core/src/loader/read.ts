import { decodeMd5Reply } from "./md5.js";
import { OP } from "./opcodes.js";
import type { Wire } from "./wire.js";

const READ_BLOCK = 0x1000;
const IN_FLIGHT = 64;
const PACKET_TIMEOUT_MS = 3000;

/**
 * The stub's READ_FLASH: data frames of ≤ 4 KB, each acked with the running total, then the
 * stub's MD5 of what it read, which must match what arrived. (esptool-js 0.7.0 leaves that
 * MD5 frame unread in the buffer and never checks it.)
 */
export async function readFlashBlocks(
  wire: Wire,
  offset: number,
  length: number,
  onProgress: (read: number) => void,
): Promise<{ data: Uint8Array; md5: string }> {
  const { esp, transport, ctl } = wire;
  const packet = new Uint8Array(16);
  const view = new DataView(packet.buffer);
  [offset, length, READ_BLOCK, IN_FLIGHT].forEach((word, i) =>
    view.setUint32(i * 4, word >>> 0, true),
  );
  await ctl.run(esp.checkCommand("read flash", OP.READ_FLASH, packet));
  const data = new Uint8Array(length);
  let received = 0;
  while (received < length) {
    const frame = await ctl.run(transport.read(PACKET_TIMEOUT_MS));
    if (frame.length === 0) continue;
    if (received + frame.length > length)
      throw new Error(
        `READ_FLASH sent ${received + frame.length} bytes for ${length} (serial noise or corruption)`,
      );
    data.set(frame, received);
    received += frame.length;
    const ack = new Uint8Array(4);
    new DataView(ack.buffer).setUint32(0, received, true);
    await ctl.run(transport.write(ack));
    onProgress(received);
  }
  const digest = await ctl.run(transport.read(PACKET_TIMEOUT_MS));
  // Loaded on first use: a page that only writes never loads the MD5 code (its worker hashes).
  const { md5Hex } = await import("../md5.js");
  const md5 = md5Hex(data);
  if (digest.length !== 16 || decodeMd5Reply(digest) !== md5) {
    throw new Error(
      "The flash read arrived damaged: its MD5 differs from the stub's (serial noise or corruption)",
    );
  }
  return { data, md5 };
}
