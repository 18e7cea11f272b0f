import { describe, expect, it } from "vitest";
import type { ESPLoader } from "esptool-js";
import { Control } from "./control.js";
import { flashMd5 } from "./md5.js";

const DIGEST = Uint8Array.from({ length: 16 }, (_, i) => i);

/** A stub-side loader whose MD5 commands fail with `errors` in turn, then answer DIGEST. */
function loaderFailing(...errors: string[]) {
  const asked: number[] = [];
  const esp = {
    IS_STUB: true,
    checkCommand: async (_what: string, _op: number, packet: Uint8Array) => {
      asked.push(new DataView(packet.buffer).getUint32(4, true));
      const error = errors.shift();
      if (error) throw new Error(error);
      return DIGEST;
    },
  } as unknown as ESPLoader;
  return { esp, asked };
}

describe("flashMd5", () => {
  it("asks once more when the loader refused the request (a length garbled on the line)", async () => {
    const { esp, asked } = loaderFailing("Failed to calculate md5sum failed with status 196,0");
    expect(await flashMd5(esp, new Control(), 0x1000, 0x8000)).toBe(
      "000102030405060708090a0b0c0d0e0f",
    );
    expect(asked).toEqual([0x8000, 0x8000]);
  });

  it("gives up after the second refusal, and never retries a timeout", async () => {
    const twice = loaderFailing("failed with status 196,0", "failed with status 196,0");
    await expect(flashMd5(twice.esp, new Control(), 0, 0x1000)).rejects.toThrow(/status 196/);
    const silent = loaderFailing("Timeout");
    await expect(flashMd5(silent.esp, new Control(), 0, 0x1000)).rejects.toThrow(/Timeout/);
    expect(silent.asked).toHaveLength(1);
  });
});
