import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHIP_FAMILIES, ManifestError, parseManifest, type Manifest } from "../../src/index.js";
import { validateWithSchema } from "../helpers/manifest-schema.js";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./runs.js";

const CODES = ["manifest-invalid", "manifest-url-refused", "manifest-not-json"];

/** Mostly `valid`, sometimes `invalid`: every field has to pass for a manifest to be accepted. */
const mostly = <A, B>(valid: fc.Arbitrary<A>, invalid: fc.Arbitrary<B>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: invalid });

const pathArb = mostly(
  fc.constantFrom(
    "fw.bin",
    "../a/b.bin",
    "/x.bin",
    "https://cdn.example.org/f.bin",
    "http://localhost:1/f.bin",
    "http://[::1]/f",
  ),
  fc.oneof(
    fc.constantFrom(
      "javascript:alert(1)",
      "file:///etc/passwd",
      "data:,x",
      "http://evil.example/f.bin",
      "",
      " ",
    ),
    fc.string(),
    fc.webUrl(),
  ),
);
const partArb = fc.record(
  {
    path: pathArb,
    offset: mostly(fc.nat(), fc.oneof(fc.integer(), fc.double(), fc.constant("0x1000"))),
    sha256: mostly(fc.stringMatching(/^[0-9a-fA-F]{64}$/), fc.string()),
    extra: fc.anything(),
  },
  { requiredKeys: ["path", "offset"] },
);
const buildArb = fc.record(
  {
    chipFamily: mostly(
      fc.constantFrom(...CHIP_FAMILIES),
      fc.oneof(fc.constantFrom("esp32", "ESP32-C4"), fc.string()),
    ),
    parts: mostly(fc.array(partArb, { minLength: 1, maxLength: 4 }), fc.anything()),
    serialType: mostly(fc.constantFrom("cdc", "uart"), fc.constant("usb")),
    name: mostly(fc.oneof(fc.string(), fc.constant("<img src=x onerror=alert(1)>")), fc.integer()),
    flashSize: mostly(
      fc.constantFrom("detect", "keep", "4MB", "16MB"),
      fc.constantFrom("2MB-c1", "3MB", "256KB"),
    ),
    flashMode: mostly(fc.constantFrom("keep", "qio", "dout"), fc.constant("QIO")),
    flashFreq: mostly(fc.constant("keep"), fc.constantFrom("40m", "80m", "60m", "48m", "26m")),
    improv: fc.anything(),
  },
  { requiredKeys: ["chipFamily", "parts"] },
);
const manifestArb = fc.record(
  {
    name: mostly(
      fc.oneof(fc.string({ minLength: 1 }), fc.constant("<script>alert(1)</script>")),
      fc.constantFrom(null, "", " "),
    ),
    version: mostly(fc.oneof(fc.string(), fc.double()), fc.boolean()),
    funding_url: mostly(fc.webUrl(), fc.anything()),
    home_assistant_domain: fc.string(),
    new_install_prompt_erase: mostly(fc.boolean(), fc.anything()),
    new_install_improv_wait_time: mostly(fc.nat(), fc.double()),
    builds: fc.oneof(
      { weight: 4, arbitrary: fc.array(buildArb, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.anything() },
    ),
    unknown: fc.anything(),
  },
  { requiredKeys: ["name", "builds"] },
);

describe("fuzz: parseManifest", () => {
  it(
    "only throws ManifestError with a path, never mutates, and what it accepts the schema accepts",
    () => {
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.oneof({ weight: 1, arbitrary: fc.anything() }, { weight: 6, arbitrary: manifestArb }),
          (json) => {
            const before = structuredClone(json);
            let manifest: Manifest | undefined;
            try {
              manifest = parseManifest(json, "https://example.com/fw/manifest.json");
            } catch (error) {
              expect(error).toBeInstanceOf(ManifestError);
              expect(CODES).toContain((error as ManifestError).code);
              expect(typeof (error as ManifestError).path).toBe("string");
            }
            expect(json).toEqual(before);
            if (!manifest) return;
            accepted++;
            // As a JSON document (the generator can also leave `undefined` values, which JSON cannot hold).
            expect(validateWithSchema(JSON.parse(JSON.stringify(json))).errors).toEqual([]);
            for (const part of manifest.builds.flatMap((b) => b.parts)) {
              const url = new URL(part.url);
              expect(
                url.protocol === "https:" ||
                  ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname),
              ).toBe(true);
            }
          },
        ),
        { numRuns: FUZZ_RUNS },
      );
      if (FUZZ_RUNS >= 500) expect(accepted).toBeGreaterThan(FUZZ_RUNS / 50);
    },
    FUZZ_TIMEOUT_MS,
  );
});
