import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Transport } from "esptool-js";
import { Inflate, inflate } from "pako";
import { describe, expect, it } from "vitest";
import { slipEncode } from "../../src/loader/port-lease.js";
import { deflateBlocks } from "../../src/loader/deflate.js";
import { eraseFootprint } from "../../src/session/geometry.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("the loader layer owns the wire", () => {
  it("no file outside src/loader imports esptool-js", () => {
    const outside = sources(SRC)
      .filter((path) => !relative(SRC, path).startsWith("loader"))
      .filter((path) => /from "esptool-js"/.test(readFileSync(path, "utf8")));
    expect(outside.map((p) => relative(SRC, p))).toEqual([]);
  });

  it("SLIP frames match esptool-js's encoder byte for byte", () => {
    const reference = Object.create(Transport.prototype) as Transport;
    const cases = [
      new Uint8Array(0),
      Uint8Array.of(0xc0),
      Uint8Array.of(0xdb, 0xdc, 0xc0, 0xdd),
      Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) & 0xff),
    ];
    for (const data of cases) expect(slipEncode(data)).toEqual(reference.slipWriter(data));
  });

  it("deflates into whole write blocks whose stream inflates to the part, with input marks that cover each block", () => {
    // Blank padding, then noise that hardly compresses: many blocks, some covering far more input than others.
    let seed = 1;
    const noise = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    const part = Uint8Array.from({ length: 300_000 }, (_, i) => (i < 100_000 ? 0xff : noise()));
    const blocks = deflateBlocks(part, 0x4000);
    expect(blocks.slice(0, -1).every((b) => b.data.length === 0x4000)).toBe(true);
    const stream = new Uint8Array(blocks.reduce((n, b) => n + b.data.length, 0));
    let at = 0;
    for (const b of blocks) {
      stream.set(b.data, at);
      at += b.data.length;
    }
    expect(inflate(stream)).toEqual(part);
    // Each block's mark bounds what the stream so far inflates to (counted one byte at a time).
    let produced = 0;
    const counter = new Inflate({ chunkSize: 1 });
    counter.onData = (chunk) => (produced += (chunk as Uint8Array).length);
    const seen: number[] = [];
    for (const b of blocks) {
      counter.push(b.data, false);
      seen.push(produced);
      expect(b.inputEnd).toBeGreaterThanOrEqual(produced);
    }
    expect(seen.at(-1)).toBe(part.length);
    expect(seen.filter((n) => n > 0 && n < part.length).length).toBeGreaterThan(1);
    expect(blocks.at(-1)!.inputEnd).toBe(part.length);
  });

  it("erase footprints are whole 4 KB sectors around the part", () => {
    expect(eraseFootprint(0x200000, 0x1800)).toEqual({ start: 0x200000, end: 0x202000 });
    expect(eraseFootprint(0x201800, 0x2000)).toEqual({ start: 0x201000, end: 0x204000 });
    expect(eraseFootprint(0x10000, 0x10000)).toEqual({ start: 0x10000, end: 0x20000 });
  });
});
