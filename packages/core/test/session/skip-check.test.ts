import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Control, Loader } from "../../src/loader/index.js";
import { markSkips } from "../../src/session/flash-checks.js";
import { prepareImage } from "../../src/session/prepare-image.js";
import type { PreparedPart } from "../../src/session/types.js";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

/** A part as the session prepares it: not an image, so written as downloaded. */
function part(bytes: Uint8Array, offset = 0x10000): PreparedPart {
  const image = prepareImage({
    bytes,
    chip: "ESP32",
    address: offset,
    flashMode: "keep",
    flashFreq: "keep",
    flashSize: "keep",
    sizeDetected: false,
  });
  return {
    name: "app.bin",
    offset,
    size: image.data.length,
    data: image.data,
    md5: image.md5,
    ...(image.prefix && { prefix: image.prefix }),
    patch: image.patch,
    skip: false,
  };
}

/** A loader whose flash holds `flash` from 0, recording every SPI_FLASH_MD5 it is asked. */
function flashHolding(flash: Uint8Array) {
  const asked: [number, number][] = [];
  const loader = {
    md5: async (offset: number, size: number) => {
      asked.push([offset, size]);
      return md5(flash.subarray(offset, offset + size));
    },
  } as unknown as Loader;
  return { loader, asked };
}

const ctl = { aborted: false, lost: false } as Control;

const flip = (bytes: Uint8Array, at: number) => (bytes[at] = bytes[at]! ^ 1);

describe("the skip-check's first look", () => {
  it("prepareImage hashes the first non-blank 4 KB; none for parts of 16 KB or less", () => {
    const bytes = new Uint8Array(randomBytes(0x9003));
    bytes.fill(0xff, 0, 0x2000);
    const { prefix, md5: whole } = prepareImage({
      bytes,
      chip: "ESP8266",
      address: 0x40000,
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "keep",
      sizeDetected: false,
    });
    expect(prefix).toEqual({
      offset: 0x2000,
      length: 0x1000,
      md5: md5(bytes.subarray(0x2000, 0x3000)),
    });
    const padded = new Uint8Array(0x9004).fill(0xff);
    padded.set(bytes);
    expect(whole).toBe(md5(padded));
    expect(part(new Uint8Array(randomBytes(0x4000))).prefix).toBeUndefined();
  });

  it("changed firmware costs one 4 KB hash; the same firmware is hashed whole and skipped", async () => {
    const app = part(new Uint8Array(randomBytes(0x20000)));
    const flash = new Uint8Array(0x40000).fill(0xff);
    flash.set(app.data, app.offset);
    flip(flash, app.offset + 0x1800); // a change beyond the first 4 KB: the prefix matches, the whole does not
    const changedLate = flashHolding(flash);
    await markSkips(changedLate.loader, ctl, [app], () => {});
    expect(app.skip).toBe(false);
    expect(changedLate.asked).toEqual([
      [app.offset, 0x1000],
      [app.offset, app.size],
    ]);

    flip(flash, app.offset + 0x1800);
    flip(flash, app.offset + 0x10); // a change in the first 4 KB: nothing more is asked
    const changedEarly = flashHolding(flash);
    await markSkips(changedEarly.loader, ctl, [app], () => {});
    expect(app.skip).toBe(false);
    expect(changedEarly.asked).toEqual([[app.offset, 0x1000]]);

    flip(flash, app.offset + 0x10);
    const same = flashHolding(flash);
    await markSkips(same.loader, ctl, [app], () => {});
    expect(app.skip).toBe(true);
    expect(same.asked).toHaveLength(2);
  });
});
