import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildsForChip, ManifestError, parseManifest } from "../index.js";

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/manifests/${name}`, import.meta.url), "utf8"),
  );
const BASE = "https://example.com/fw/manifest.json";

function errorOf(json: unknown, base: string = BASE): ManifestError {
  try {
    parseManifest(json, base);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error("parseManifest accepted the input");
}

const minimal = (build: Record<string, unknown>) => ({
  name: "X",
  builds: [{ chipFamily: "ESP32", parts: [{ path: "a.bin", offset: 0 }], ...build }],
});
const withPart = (part: Record<string, unknown>) => minimal({ parts: [part] });

describe("parseManifest", () => {
  it("accepts an ESP Web Tools manifest unchanged, resolving parts and applying defaults", () => {
    const input = fixture("esp-web-tools.json");
    const copy = structuredClone(input);
    const m = parseManifest(input, BASE);
    expect(input).toEqual(copy);
    expect(m).toMatchObject({
      name: "ESPHome",
      version: "2024.6.0",
      home_assistant_domain: "esphome",
      new_install_prompt_erase: false,
      new_install_improv_wait_time: 15,
    });
    expect(m.builds).toHaveLength(3);
    expect(m.builds[0]!.parts[0]).toEqual({
      path: "bootloader_dout_40m.bin",
      url: "https://example.com/fw/bootloader_dout_40m.bin",
      offset: 4096,
    });
    expect(m.builds[0]).toMatchObject({
      chipFamily: "ESP32",
      flashSize: "detect",
      flashMode: "keep",
      flashFreq: "keep",
    });
    expect(m.builds[0]).not.toHaveProperty("improv");
  });

  it("accepts our extensions", () => {
    const m = parseManifest(
      fixture("extensions.json"),
      new URL("https://fw.example.org/station/manifest.json"),
    );
    expect(m.version).toBe("3");
    expect(m.builds[0]).toMatchObject({
      serialType: "cdc",
      name: "8MB board",
      flashMode: "dio",
      flashFreq: "80m",
    });
    expect(m.builds[0]!.parts[0]!.sha256).toBe(
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    );
    expect(m.builds[1]!.parts[0]!.url).toBe("https://fw.example.org/firmware/s3-uart.bin");
    expect(m.builds[2]!.parts[0]!.url).toBe("https://mirror.example.net/s3.bin");
    expect(m.builds[2]!.flashSize).toBe("4MB");
    expect(m.builds[3]!.allowImageChipMismatch).toBe(true);
    expect(m.builds[0]).not.toHaveProperty("allowImageChipMismatch");
  });

  it("takes the manifest as text too", () => {
    expect(
      parseManifest(JSON.stringify(fixture("micropython.json")), BASE).builds[0]!.chipFamily,
    ).toBe("ESP8266");
    expect(errorOf("{ nope").code).toBe("manifest-not-json");
  });

  const invalid: [string, unknown, string, RegExp][] = [
    ["not an object", [], "", /JSON object/],
    ["missing name", { builds: [] }, "name", /non-empty string/],
    ["no builds", { name: "X", builds: [] }, "builds", /non-empty array/],
    [
      "lower-case chip",
      minimal({ chipFamily: "esp32" }),
      "builds[0].chipFamily",
      /not a supported chip family/,
    ],
    ["unknown chip", minimal({ chipFamily: "ESP32-C4" }), "builds[0].chipFamily", /ESP32-C4/],
    ["no parts", minimal({ parts: [] }), "builds[0].parts", /non-empty array/],
    [
      "hex offset string",
      withPart({ path: "a.bin", offset: "0x1000" }),
      "builds[0].parts[0].offset",
      /must be a number/,
    ],
    [
      "negative offset",
      withPart({ path: "a.bin", offset: -1 }),
      "builds[0].parts[0].offset",
      /whole number/,
    ],
    [
      "fractional offset",
      withPart({ path: "a.bin", offset: 1.5 }),
      "builds[0].parts[0].offset",
      /whole number/,
    ],
    ["empty path", withPart({ path: "", offset: 0 }), "builds[0].parts[0].path", /non-empty/],
    [
      "bad sha256",
      withPart({ path: "a.bin", offset: 0, sha256: "abc" }),
      "builds[0].parts[0].sha256",
      /64 hex/,
    ],
    ["bad flashSize", minimal({ flashSize: "3MB" }), "builds[0].flashSize", /not allowed/],
    [
      "ESP8266 size on ESP32",
      minimal({ flashSize: "2MB-c1" }),
      "builds[0].flashSize",
      /not allowed/,
    ],
    ["bad flashMode", minimal({ flashMode: "QIO" }), "builds[0].flashMode", /not allowed/],
    ["freq the chip lacks", minimal({ flashFreq: "60m" }), "builds[0].flashFreq", /not allowed/],
    ["bad serialType", minimal({ serialType: "usb" }), "builds[0].serialType", /not allowed/],
    ["name not a string", minimal({ name: 5 }), "builds[0].name", /string/],
    [
      "allowImageChipMismatch not boolean",
      minimal({ allowImageChipMismatch: "yes" }),
      "builds[0].allowImageChipMismatch",
      /true or false/,
    ],
    [
      "prompt erase not boolean",
      { ...minimal({}), new_install_prompt_erase: "yes" },
      "new_install_prompt_erase",
      /true or false/,
    ],
    [
      "skip erase not boolean",
      { ...minimal({}), new_install_skip_erase: 1 },
      "new_install_skip_erase",
      /true or false/,
    ],
  ];
  for (const [what, json, path, message] of invalid) {
    it(`refuses ${what} at ${path || "the top"}`, () => {
      const error = errorOf(json);
      expect(error.path).toBe(path);
      expect(error.message).toMatch(message);
      expect(error.code).toBe("manifest-invalid");
    });
  }

  it("keeps ESP Web Tools' deprecated new_install_skip_erase, so an installer can ask", () => {
    expect(parseManifest({ ...minimal({}), new_install_skip_erase: true }, BASE)).toMatchObject({
      new_install_skip_erase: true,
    });
  });

  it("reports the JSON path of a later build and part, with advice", () => {
    const json = {
      name: "X",
      builds: [
        minimal({}).builds[0],
        {
          chipFamily: "ESP32",
          parts: [
            { path: "a.bin", offset: 0 },
            { path: "b.bin", offset: "4096" },
          ],
        },
      ],
    };
    const error = errorOf(json);
    expect(error.path).toBe("builds[1].parts[1].offset");
    expect(error.message).toBe(
      'builds[1].parts[1].offset: must be a number, not the string "4096".',
    );
    expect(error.advice).toMatch(/decimal/);
    expect(errorOf(withPart({ path: "a.bin", offset: "0x1000" })).advice).toContain(
      "write 4096 for 0x1000",
    );
    expect(errorOf(minimal({ chipFamily: "esp32-c3" })).advice).toContain('write "ESP32-C3"');
  });

  it("refuses two parts at one offset", () => {
    const error = errorOf(
      minimal({
        parts: [
          { path: "a.bin", offset: 0 },
          { path: "b.bin", offset: 0 },
        ],
      }),
    );
    expect(error.path).toBe("builds[0].parts[1].offset");
  });
});

describe("part URL policy", () => {
  const refused = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:application/octet-stream;base64,AAAA",
    "blob:https://example.com/0b4c9e7e-8f1a-4a52-a7a4-5f0f1d2b7c11",
    "ftp://example.com/fw.bin",
    "http://evil.example.net/fw.bin",
    "http://192.168.1.20/fw.bin",
    "https://user:pass@example.com/fw.bin",
    // A manifest on the web may not send the download to this computer or its local network.
    "http://localhost/a.bin",
    "http://127.0.0.1:8000/a.bin",
    "http://[::1]/a.bin",
    "https://127.0.0.1/a.bin",
    "https://10.0.0.8/a.bin",
    "https://172.20.1.1/a.bin",
    "https://192.168.1.1/a.bin",
    "https://169.254.169.254/latest/meta-data",
    "https://[fe80::1]/a.bin",
    "https://[fd00::1]/a.bin",
    "https://[::ffff:127.0.0.1]/a.bin",
    "https://2130706433/a.bin",
    "https://router.local/a.bin",
    "https://app.localhost/a.bin",
  ];
  for (const path of refused) {
    it(`refuses ${path}`, () => {
      const error = errorOf(withPart({ path, offset: 0 }));
      expect(error.code).toBe("manifest-url-refused");
      expect(error.path).toBe("builds[0].parts[0].path");
      expect(error.message).toContain("builds[0].parts[0].path");
    });
  }
  const allowed: [string, string, string][] = [
    ["https://cdn.example.org/a.bin", BASE, "https://cdn.example.org/a.bin"],
    // Local parts from a manifest that is itself local (a dev server).
    ["http://localhost/a.bin", "http://localhost:8000/m.json", "http://localhost/a.bin"],
    ["http://127.0.0.1:8000/a.bin", "http://[::1]/m.json", "http://127.0.0.1:8000/a.bin"],
    ["http://[::1]/a.bin", "http://127.0.0.1/m.json", "http://[::1]/a.bin"],
    ["https://172.32.0.1/a.bin", BASE, "https://172.32.0.1/a.bin"],
    ["../b/a.bin", BASE, "https://example.com/b/a.bin"],
    // A device serving its own manifest over plain http on the LAN: same-origin parts only.
    ["a.bin", "http://192.168.1.20/manifest.json", "http://192.168.1.20/a.bin"],
    // A manifest read from disk (the CLI): files beside it, and only then file: URLs.
    ["a.bin", "file:///home/me/fw/manifest.json", "file:///home/me/fw/a.bin"],
    ["../build/a.bin", "file:///home/me/fw/manifest.json", "file:///home/me/build/a.bin"],
  ];
  for (const [path, base, url] of allowed) {
    it(`allows ${path} from ${base}`, () => {
      expect(parseManifest(withPart({ path, offset: 0 }), base).builds[0]!.parts[0]!.url).toBe(url);
    });
  }
});

describe("buildsForChip", () => {
  const m = parseManifest(fixture("extensions.json"), BASE);
  it("matches the exact chip family and keeps every variant", () => {
    expect(buildsForChip(m, "ESP32-S3").map((b) => b.name)).toEqual([
      "8MB board",
      "4MB board, keep header",
      "Generic",
    ]);
    expect(buildsForChip(m, "ESP32-C6")).toHaveLength(1);
    expect(buildsForChip(m, "ESP32-C3")).toEqual([]);
  });
  it("prefers the serial type, then builds that name none", () => {
    expect(buildsForChip(m, "ESP32-S3", "uart").map((b) => b.name)).toEqual([
      "4MB board, keep header",
      "Generic",
    ]);
    expect(buildsForChip(m, "ESP32-S3", "cdc").map((b) => b.name)).toEqual([
      "8MB board",
      "Generic",
    ]);
    const onlyCdc = parseManifest(minimal({ chipFamily: "ESP32-C3", serialType: "cdc" }), BASE);
    expect(buildsForChip(onlyCdc, "ESP32-C3", "uart")).toHaveLength(1);
  });
});
