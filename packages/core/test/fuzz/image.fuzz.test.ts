import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHIP_FAMILIES,
  CHIPS,
  FLASH_MODES,
  ImageError,
  parseImage,
  patchImage,
  UnsupportedFlashSettingError,
  type ChipFamily,
} from "../../src/index.js";
import { buildImage } from "../helpers/image-builder.js";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./runs.js";

const IMAGE_CODES = [
  "image-too-short",
  "image-bad-magic",
  "image-truncated",
  "image-bad-hash-flag",
  "image-too-many-segments",
];
const chipArb = fc.constantFrom(...CHIP_FAMILIES);

/** `arb` one time in three, otherwise `fallback`: most images stay intact enough to patch. */
const sometimes = <T, F>(arb: fc.Arbitrary<T>, fallback: F) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(fallback) }, { weight: 1, arbitrary: arb });

/** A valid image for the chip, then damaged: byte flips, truncation, extension, merged placement. */
const imageArb = chipArb.chain((chip) =>
  fc
    .record({
      segments: fc.array(fc.record({ address: fc.nat(), data: fc.uint8Array({ maxLength: 64 }) }), {
        maxLength: 4,
      }),
      mode: fc.nat({ max: 255 }),
      sizeFreq: fc.nat({ max: 255 }),
      hashAppended: fc.boolean(),
      badChecksum: sometimes(fc.constant(true), false),
      chipId: sometimes(fc.nat({ max: 30 }), undefined),
      flips: sometimes(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 3 }),
        [],
      ),
      cut: sometimes(fc.nat(), undefined),
      tail: fc.uint8Array({ maxLength: 48 }),
      lead: fc.oneof(
        fc.constant(0),
        fc.constant(CHIPS[chip].bootloaderOffset),
        fc.nat({ max: 0x2100 }),
      ),
    })
    .map((o) => {
      const image = buildImage({
        chip,
        ...o,
        hashAppended: o.hashAppended && CHIPS[chip].imageChipId !== null,
      });
      for (const [at, value] of o.flips) if (image.length) image[at % image.length] = value;
      const cut = o.cut === undefined ? image : image.subarray(0, o.cut % (image.length + 1));
      const bytes = new Uint8Array(o.lead + cut.length + o.tail.length).fill(0xff);
      bytes.set(cut, o.lead);
      bytes.set(o.tail, o.lead + cut.length);
      return { chip, bytes, lead: o.lead };
    }),
);

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  imageArb.map((x) => x.bytes),
);

/** A view with a non-zero byteOffset on a larger buffer, plus the untouched original. */
function asView(bytes: Uint8Array): {
  view: Uint8Array;
  backing: Uint8Array;
  snapshot: Uint8Array;
} {
  const backing = new Uint8Array(bytes.length + 11).fill(0x3c);
  backing.set(bytes, 5);
  return { view: backing.subarray(5, 5 + bytes.length), backing, snapshot: backing.slice() };
}

const same = (a: Uint8Array, b: Uint8Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

const settingArb = (chip: ChipFamily) => ({
  flashMode: fc.constantFrom("keep", ...FLASH_MODES, "fast"),
  flashFreq: fc.constantFrom("keep", ...Object.keys(CHIPS[chip].flashFrequencies), "60m", "48m"),
  flashSize: fc.constantFrom("keep", ...Object.keys(CHIPS[chip].flashSizes), "256KB", "detect"),
});

describe("fuzz: parseImage", () => {
  const seen = { parsed: 0 };
  it(
    "only throws ImageError, never mutates, reads views like copies",
    () => {
      fc.assert(
        fc.property(anyBytes, chipArb, (bytes, chip) => {
          const { view, backing, snapshot } = asView(bytes);
          let parsed: unknown;
          try {
            parsed = parseImage(view, chip);
          } catch (error) {
            expect(error).toBeInstanceOf(ImageError);
            const e = error as ImageError;
            expect(IMAGE_CODES).toContain(e.code);
            expect(e.offset).toBeGreaterThanOrEqual(0);
            expect(e.offset).toBeLessThanOrEqual(bytes.length + 16);
            expect(() => parseImage(bytes.slice(), chip)).toThrow(e.message);
          }
          if (parsed) {
            seen.parsed++;
            expect(parseImage(bytes.slice(), chip)).toEqual(parsed);
          }
          expect(same(backing, snapshot)).toBe(true);
        }),
        { numRuns: FUZZ_RUNS },
      );
      // The generator must reach both sides, or the property says little.
      expect(seen.parsed).toBeGreaterThan(FUZZ_RUNS / 20);
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz: patchImage", () => {
  it(
    "changes only bytes 2-3 and the digest (at the patch offset), never the input, and is idempotent",
    () => {
      const arb = imageArb.chain(({ chip, bytes, lead }) =>
        fc.record({
          chip: fc.constant(chip),
          bytes: fc.constant(bytes),
          address: fc.constantFrom(
            CHIPS[chip].bootloaderOffset,
            Math.max(0, CHIPS[chip].bootloaderOffset - lead),
            0,
            0x10000,
          ),
          ...settingArb(chip),
        }),
      );
      const outcomes = { patched: 0, merged: 0, unchanged: 0 };
      fc.assert(
        fc.property(arb, ({ bytes, ...options }) => {
          const { view, backing, snapshot } = asView(bytes);
          let result;
          try {
            result = patchImage(view, options);
          } catch (error) {
            expect(error).toBeInstanceOf(UnsupportedFlashSettingError);
            return;
          } finally {
            expect(same(backing, snapshot)).toBe(true);
          }
          outcomes[
            result.outcome === "patched" ? (result.patchedAt ? "merged" : "patched") : "unchanged"
          ]++;
          if (result.outcome === "unchanged") {
            expect(result.bytes).toBe(view);
            expect(result.changes).toEqual([]);
            return;
          }
          const at = result.patchedAt!;
          const inner = parseImage(result.bytes.subarray(at), options.chip);
          const digest = inner.sha256
            ? [at + inner.dataLength, at + inner.dataLength + 32]
            : [0, 0];
          const out = result.bytes;
          expect(out.length).toBeGreaterThanOrEqual(bytes.length);
          if (out.length > bytes.length) expect(out.length).toBe(digest[1]);
          for (let i = 0; i < out.length; i++) {
            if (i < bytes.length && out[i] === bytes[i]) continue;
            const allowed = i === at + 2 || i === at + 3 || (i >= digest[0]! && i < digest[1]!);
            expect(allowed, `byte ${i} changed`).toBe(true);
          }
          if (inner.sha256) expect(inner.sha256.valid).toBe(true);
          expect(patchImage(out, options).outcome).toBe("unchanged");
        }),
        { numRuns: FUZZ_RUNS },
      );
      if (FUZZ_RUNS >= 500) {
        expect(outcomes.patched).toBeGreaterThan(FUZZ_RUNS / 20);
        expect(outcomes.merged).toBeGreaterThan(0);
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});
