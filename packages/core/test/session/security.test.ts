import { describe, expect, it } from "vitest";
import { VirtualEsp, type VirtualEspOptions } from "@esp-flash/virtual-device";
import { FlashError, FlashSession, patchImage, type FlashPlan } from "../../src/index.js";
import { buildImage } from "../helpers/image-builder.js";
import {
  digestedBootloader,
  esp32Bootloader,
  V1_KEY,
  v2SignedStyle,
} from "../helpers/secure-images.js";
import { board, logLines, manifest, options, record, serve } from "../helpers/session.js";

const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const app = (
  chip: "ESP32" | "ESP32-C3" | "ESP32-S3",
  more: Parameters<typeof buildImage>[0] = { chip },
) =>
  buildImage({
    ...more,
    chip,
    segments: [
      { address: 0x42000020, data: Uint8Array.from({ length: 2000 }, (_, i) => (i * 11) & 0xff) },
    ],
  });

/** Run one session over `parts` on a fresh board; the plan, events and result (or error). */
async function flashParts(
  device: VirtualEspOptions,
  parts: Record<string, [number, Uint8Array]>,
  more: { build?: Record<string, unknown>; force?: boolean } = {},
) {
  const { device: esp, port } = board(device);
  const files = Object.fromEntries(Object.entries(parts).map(([name, [, data]]) => [name, data]));
  const m = manifest({
    chipFamily: device.chip,
    parts: Object.entries(parts).map(([path, [offset]]) => ({ path, offset })),
    ...more.build,
  });
  const session = new FlashSession(
    options(port, m, serve(files).fetch, more.force ? { forceSecuredBootloaderWrite: true } : {}),
  );
  const events = record(session);
  const outcome = await session.run().then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => {
      expect(error).toBeInstanceOf(FlashError);
      return { result: undefined, error: error as FlashError };
    },
  );
  const plan = events.find(([t]) => t === "plan")?.[1] as FlashPlan | undefined;
  const logs = logLines(events);
  return { esp, plan, events, logs, ...outcome };
}

describe("secure boot v1: the digest file at 0x0", () => {
  it("secure boot off: the file is written byte for byte, its inner bootloader left alone", async () => {
    const file = digestedBootloader(128);
    const run = await flashParts(
      { chip: "ESP32", flashSize: "4MB" },
      { "bootloader-digested.bin": [0, file] },
    );
    expect(run.error).toBeUndefined();
    expect(run.plan?.parts[0]?.patch).toMatchObject({
      outcome: "unchanged",
      reasonCode: "data-before-bootloader",
    });
    expect(run.events.some(([t]) => t === "patch")).toBe(false);
    expect(equal(run.esp.flash.read(0, file.length), file)).toBe(true);
  });

  it("secure boot v1 on: refused below 0x8000 unless forced; forced, the chip still boots its digest-checked bootloader", async () => {
    const chip = {
      chip: "ESP32",
      flashSize: "4MB",
      security: { secureBoot: "v1", secureBootKey: V1_KEY },
    } as const;
    const file = digestedBootloader(128);
    const refused = await flashParts(chip, { "bootloader-digested.bin": [0, file] });
    expect(refused.error).toMatchObject({ code: "secured-bootloader-write", step: "preparing" });
    expect(refused.error?.message).toMatch(
      /secure boot v1 enabled: writing below 0x8000 \(bootloader-digested\.bin at 0x0\) is refused/,
    );
    expect(refused.error?.advice).toMatch(/from 0x8000/);
    expect(refused.esp.flash.usedSectors).toBe(0);

    const forced = await flashParts(
      chip,
      { "bootloader-digested.bin": [0, file] },
      { force: true },
    );
    expect(forced.result?.outcome).toBe("flashed");
    expect(forced.plan?.device.security).toMatchObject({
      source: "efuse",
      secureBoot: true,
      secureBootVersion: 1,
    });
    expect(forced.plan?.securityNote).toMatch(
      /secure boot v1 enabled: image headers are written exactly as built/,
    );
    expect(forced.plan?.parts[0]?.patch).toMatchObject({
      outcome: "unchanged",
      reasonCode: "chip-secured",
    });
    expect(equal(forced.esp.flash.read(0, file.length), file)).toBe(true);
    expect(forced.esp.lastBoot?.ok, forced.esp.bootLog).toBe(true);
  });

  it("what the old merged-image rule wrote (inner bootloader patched, digest kept) a v1 chip refuses to boot", () => {
    const file = digestedBootloader(128);
    const inner = patchImage(file.slice(0x1000), {
      chip: "ESP32",
      address: 0x1000,
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "4MB",
    });
    expect(inner.outcome).toBe("patched");
    const old = file.slice();
    old.set(inner.bytes.subarray(0, file.length - 0x1000), 0x1000);
    const esp = new VirtualEsp({
      chip: "ESP32",
      security: { secureBoot: "v1", secureBootKey: V1_KEY },
      flashContents: old,
    });
    expect(esp.lastBoot?.ok).toBe(false);
    expect(esp.bootLog).toMatch(/secure boot check fail/);
  });
});

describe("secure boot v2 and flash encryption", () => {
  const signed = v2SignedStyle("ESP32-C3", 0x10); // header 2MB, on a 4MB chip
  const parts = {
    "bootloader.bin": [0, signed],
    "app.bin": [0x10000, app("ESP32-C3")],
  } satisfies Record<string, [number, Uint8Array]>;

  it("secure boot off: the signed-style bootloader is patched as usual (2MB → 4MB) and boots", async () => {
    const run = await flashParts({ chip: "ESP32-C3", flashSize: "4MB" }, parts);
    expect(run.result?.outcome).toBe("flashed");
    expect(run.plan?.securityNote).toBeUndefined();
    expect(run.plan?.parts[0]?.patch).toMatchObject({ outcome: "patched", shaUpdated: true });
    expect(run.esp.lastBoot?.ok, run.esp.bootLog).toBe(true);
    // The same patched bytes on a chip with secure boot v2: its signature block no longer matches.
    const secured = new VirtualEsp({
      chip: "ESP32-C3",
      security: { secureBoot: "v2" },
      flashContents: run.esp.flash.read(0, signed.length),
    });
    expect(secured.bootLog).toMatch(/image digest does not match/);
  });

  for (const [what, security] of [
    ["secure boot v2", { secureBoot: "v2" }],
    ["flash encryption", { flashCryptCnt: 1 }],
  ] as const) {
    it(`${what} on: nothing below 0x8000 without force; forced, written as built, no header changed`, async () => {
      const chip = { chip: "ESP32-C3", flashSize: "4MB", security } as const;
      const refused = await flashParts(chip, parts);
      expect(refused.error).toMatchObject({ code: "secured-bootloader-write", step: "preparing" });
      expect(refused.error?.message).toContain(`${what} enabled`);
      expect(refused.esp.flash.usedSectors).toBe(0);

      const appOnly = await flashParts(chip, { "app.bin": parts["app.bin"] });
      expect(appOnly.result?.outcome).toBe("flashed");

      const forced = await flashParts(chip, parts, { force: true });
      expect(forced.result?.outcome).toBe("flashed");
      expect(forced.plan?.parts.map((p) => p.patch.reasonCode)).toEqual([
        "chip-secured",
        "chip-secured",
      ]);
      expect(forced.plan?.securityNote).toContain(`${what} enabled`);
      expect(equal(forced.esp.flash.read(0, signed.length), signed)).toBe(true);
      if (security.secureBoot) expect(forced.esp.lastBoot?.ok, forced.esp.bootLog).toBe(true);
    });
  }

  it("a full erase is refused on a chip with secure boot, asked up front or at confirm, unless forced", async () => {
    const security = { secureBoot: "v2" } as const;
    const appOnly = { "app.bin": parts["app.bin"] };
    for (const how of [{ erase: true }, { confirm: () => ({ erase: true }) }]) {
      const { device, port } = board({ chip: "ESP32-C3", security, flashContents: signed });
      const m = manifest({ chipFamily: "ESP32-C3", parts: [{ path: "app.bin", offset: 0x10000 }] });
      const error = await new FlashSession(
        options(port, m, serve({ "app.bin": appOnly["app.bin"][1] }).fetch, how),
      )
        .run()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(FlashError);
      expect(error).toMatchObject({
        code: "secured-erase",
        message: expect.stringContaining(
          "secure boot v2 enabled: erasing the whole flash is refused",
        ),
      });
      // The signed bootloader is still there, and the chip still boots it.
      expect(equal(device.flash.read(0, signed.length), signed)).toBe(true);
      device.reset("flash");
      expect(device.lastBoot?.ok, device.bootLog).toBe(true);
    }
    const { device, port } = board({ chip: "ESP32-C3", security, flashContents: signed });
    const m = manifest({ chipFamily: "ESP32-C3", parts: [{ path: "app.bin", offset: 0x10000 }] });
    const forced = await new FlashSession(
      options(port, m, serve({ "app.bin": appOnly["app.bin"][1] }).fetch, {
        erase: true,
        forceSecuredBootloaderWrite: true,
      }),
    ).run();
    expect(forced.outcome).toBe("flashed");
    expect(device.flash.read(0, 4).every((b) => b === 0xff)).toBe(true);
  });

  it("ESP32 v3 with ABS_DONE_1 (read from eFuses): refused below 0x8000 unless forced", async () => {
    const bootloader = esp32Bootloader();
    const run = await flashParts(
      { chip: "ESP32", revision: 300, security: { secureBoot: "v2" } },
      { "bootloader.bin": [0x1000, bootloader] },
    );
    expect(run.error).toMatchObject({ code: "secured-bootloader-write" });
    expect(run.error?.message).toMatch(/secure boot v2/);
  });
});

describe("images for another chip or revision", () => {
  it("an ESP32-C3 image listed for ESP32-S3 is refused before writing; the manifest override writes it", async () => {
    const image = app("ESP32-C3");
    const refused = await flashParts({ chip: "ESP32-S3" }, { "app.bin": [0x10000, image] });
    expect(refused.error).toMatchObject({
      code: "image-wrong-chip",
      step: "preparing",
      message: "'app.bin' is not an ESP32-S3 image: its header names ESP32-C3.",
    });
    expect(refused.error?.advice).toMatch(/Choose the build for ESP32-S3/);
    expect(refused.esp.flash.usedSectors).toBe(0);

    // ESP32-C6 keeps its version where the C3 does not (esptool-js 0.7.0 reads it with the C3's layout).
    const c6 = await flashParts(
      { chip: "ESP32-C6", revision: 102 },
      { "app.bin": [0x10000, buildImage({ chip: "ESP32-C6", minRevFull: 101, maxRevFull: 199 })] },
    );
    expect(c6.plan?.device.revisionFull).toBe(102);
    expect(c6.result?.outcome).toBe("flashed");

    const allowed = await flashParts(
      { chip: "ESP32-S3" },
      { "app.bin": [0x10000, image] },
      { build: { allowImageChipMismatch: true } },
    );
    expect(allowed.result?.outcome).toBe("flashed");
    expect(allowed.logs.some((l) => /Writing it anyway/.test(l))).toBe(true);
    expect(equal(allowed.esp.flash.read(0x10000, image.length), image)).toBe(true);
  });

  it("a revision range without the chip's revision is refused (full fields on ESP32-S3, legacy min_rev on ESP32)", async () => {
    const s3 = await flashParts(
      { chip: "ESP32-S3", revision: 102 },
      { "app.bin": [0x10000, app("ESP32-S3", { chip: "ESP32-S3", maxRevFull: 99 })] },
    );
    expect(s3.plan).toBeUndefined();
    expect(s3.error).toMatchObject({
      code: "image-chip-revision",
      message:
        "'app.bin' requires chip revision in range [v0.0 - v0.99] (this chip is revision v1.2).",
    });
    expect(s3.esp.flash.usedSectors).toBe(0);

    const legacy = app("ESP32", { chip: "ESP32", minRev: 3, maxRevFull: 0 });
    const esp32 = await flashParts(
      { chip: "ESP32", revision: 100 },
      { "app.bin": [0x10000, legacy] },
    );
    expect(esp32.error).toMatchObject({
      code: "image-chip-revision",
      message: "'app.bin' requires chip revision 3 or higher (this chip is revision 1).",
    });
    const v3 = await flashParts({ chip: "ESP32", revision: 300 }, { "app.bin": [0x10000, legacy] });
    expect(v3.result?.outcome).toBe("flashed");
    expect(v3.plan?.device.revisionFull).toBe(300);

    const allowed = await flashParts(
      { chip: "ESP32-S3", revision: 102 },
      { "app.bin": [0x10000, app("ESP32-S3", { chip: "ESP32-S3", maxRevFull: 99 })] },
      { build: { allowImageChipMismatch: true } },
    );
    expect(allowed.result?.outcome).toBe("flashed");
  });
});

describe(
  "flash encryption in release mode (DIS_DOWNLOAD_MANUAL_ENCRYPT burnt)",
  { timeout: 60_000 },
  () => {
    const appPart = (chip: "ESP32" | "ESP32-C3") => ({
      "app.bin": [0x10000, app(chip)] as [number, Uint8Array],
    });

    for (const chip of ["ESP32", "ESP32-C3"] as const) {
      it(`${chip}: plaintext is refused before anything is written, unless forced (as esptool)`, async () => {
        const security = { flashCryptCnt: 1, downloadEncryptDisabled: true };
        const refused = await flashParts({ chip, flashSize: "4MB", security }, appPart(chip));
        expect(refused.error).toMatchObject({ code: "encrypted-plaintext-write" });
        expect(refused.error?.message).toContain("Flashing plaintext may brick the device");
        expect(refused.error?.advice).toContain("over the air");
        expect(refused.plan).toBeUndefined();
        expect(refused.esp.flash.usedSectors).toBe(0);

        const forced = await flashParts({ chip, flashSize: "4MB", security }, appPart(chip), {
          force: true,
        });
        expect(forced.result?.outcome).toBe("flashed");
      });
    }

    it("development mode (encryption on, manual encrypt allowed) and release-mode eFuse without encryption still flash", async () => {
      for (const security of [{ flashCryptCnt: 1 }, { downloadEncryptDisabled: true }]) {
        const run = await flashParts(
          { chip: "ESP32-C3", flashSize: "4MB", security },
          appPart("ESP32-C3"),
        );
        expect(run.result?.outcome, JSON.stringify(security)).toBe("flashed");
      }
    });
  },
);

describe(
  "every family's DIS_DOWNLOAD_MANUAL_ENCRYPT is read where its eFuse table puts it",
  { timeout: 120_000 },
  () => {
    const families = [
      "ESP32-S2",
      "ESP32-S3",
      "ESP32-C2",
      "ESP32-C5",
      "ESP32-C6",
      "ESP32-C61",
      "ESP32-H2",
      "ESP32-P4",
    ] as const;
    it.each(families)("%s in release mode is refused before writing", async (chip) => {
      const run = await flashParts(
        { chip, security: { flashCryptCnt: 1, downloadEncryptDisabled: true } },
        { "app.bin": [0x10000, new Uint8Array(4096).fill(0x11)] },
      );
      expect(run.error).toMatchObject({ code: "encrypted-plaintext-write" });
      expect(run.esp.flash.usedSectors).toBe(0);
    });
  },
);
