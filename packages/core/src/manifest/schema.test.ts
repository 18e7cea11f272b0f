import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../index.js";
import { validateWithSchema } from "../../test/helpers/manifest-schema.js";

const dir = new URL("../../test/fixtures/manifests/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("manifest.schema.json", () => {
  it("is a draft 2020-12 schema", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../../manifest.schema.json", import.meta.url), "utf8"),
    ) as Record<string, unknown>;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("has fixtures to check", () => expect(fixtures.length).toBeGreaterThanOrEqual(3));
  for (const file of fixtures) {
    it(`validates ${file}, which parseManifest accepts`, () => {
      const json: unknown = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
      expect(() => parseManifest(json, "https://example.com/manifest.json")).not.toThrow();
      expect(validateWithSchema(json)).toEqual({ valid: true, errors: [] });
    });
  }

  const base = { chipFamily: "ESP32", parts: [{ path: "a.bin", offset: 0 }] };
  const rejected: [string, unknown][] = [
    ["no name", { builds: [base] }],
    ["empty builds", { name: "X", builds: [] }],
    ["lower-case chip", { name: "X", builds: [{ ...base, chipFamily: "esp32" }] }],
    [
      "hex offset",
      { name: "X", builds: [{ ...base, parts: [{ path: "a.bin", offset: "0x1000" }] }] },
    ],
    [
      "short sha256",
      { name: "X", builds: [{ ...base, parts: [{ path: "a.bin", offset: 0, sha256: "ab" }] }] },
    ],
    ["size the chip lacks", { name: "X", builds: [{ ...base, flashSize: "2MB-c1" }] }],
    [
      "freq the chip lacks",
      { name: "X", builds: [{ ...base, chipFamily: "ESP32-C2", flashFreq: "40m" }] },
    ],
    ["bad mode", { name: "X", builds: [{ ...base, flashMode: "fast" }] }],
    ["override not boolean", { name: "X", builds: [{ ...base, allowImageChipMismatch: 1 }] }],
  ];
  for (const [what, json] of rejected) {
    it(`rejects ${what}, as parseManifest does`, () => {
      expect(() => parseManifest(json, "https://example.com/m.json")).toThrow();
      expect(validateWithSchema(json).valid).toBe(false);
    });
  }
});
