import { describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { FlashSession, flash } from "../../src/index.js";
import { board, failure, manifest, record, serve } from "../helpers/session.js";

const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17 + (i >> 8)) & 0xff);
const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const esp32Parts = () =>
  makeSampleFirmware("esp32-parts", { chip: "ESP32", flashSize: "4MB", size: 96 * 1024 });

/** ESP32 firmware plus 8 KB at 0x401000: beyond 4MB, so on a 4MB chip that wraps it lands on the bootloader. */
function partsBeyond4MB() {
  const firmware = esp32Parts();
  const files: Record<string, Uint8Array> = Object.fromEntries(
    firmware.parts.map((p) => [`${p.name}.bin`, p.data]),
  );
  const data = bytes(0x2000, 3);
  files["data.bin"] = data;
  const parts = [
    ...firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    { path: "data.bin", offset: 0x401000 },
  ];
  return { firmware, files, parts, data };
}

describe("the plan owns the flash geometry", () => {
  it("refuses parts that share a 4 KB sector before writing anything (B's erase would wipe A's tail)", async () => {
    const a = bytes(0x1800, 1);
    const b = bytes(0x2000, 2);
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    const m = manifest({
      chipFamily: "ESP32",
      parts: [
        { path: "a.bin", offset: 0x200000 },
        { path: "b.bin", offset: 0x201800 },
      ],
    });
    const error = await failure(
      flash({ port, manifest: m, fetch: serve({ "a.bin": a, "b.bin": b }).fetch }),
    );
    expect(error).toMatchObject({ code: "parts-share-sector", step: "preparing" });
    expect(error.message).toMatch(/a\.bin.*b\.bin.*share a 4 KB flash sector/);
    expect(error.advice).toMatch(/multiple of 4 KB/);
    expect(device.flash.read(0x200000, 0x4000).every((x) => x === 0xff)).toBe(true);
  });

  it("refuses the same plan when A already matches and would be skipped", async () => {
    const a = bytes(0x1800, 1);
    const contents = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    contents.set(a, 0x200000);
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB", flashContents: contents });
    const m = manifest({
      chipFamily: "ESP32",
      parts: [
        { path: "a.bin", offset: 0x200000 },
        { path: "b.bin", offset: 0x201800 },
      ],
    });
    const error = await failure(
      flash({ port, manifest: m, fetch: serve({ "a.bin": a, "b.bin": bytes(0x2000, 2) }).fetch }),
    );
    expect(error.code).toBe("parts-share-sector");
    expect(equal(device.flash.read(0x200000, a.length), a)).toBe(true);
  });

  it("writes unaligned parts that do not share a sector", async () => {
    const a = bytes(0x1800, 1);
    const b = bytes(0x800, 2);
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    const m = manifest({
      chipFamily: "ESP32",
      parts: [
        { path: "a.bin", offset: 0x200000 },
        { path: "b.bin", offset: 0x202800 },
      ],
    });
    const result = await flash({
      port,
      manifest: m,
      fetch: serve({ "a.bin": a, "b.bin": b }).fetch,
    });
    expect(result.parts.every((p) => p.verified)).toBe(true);
    expect(equal(device.flash.read(0x200000, a.length), a)).toBe(true);
    expect(equal(device.flash.read(0x202800, b.length), b)).toBe(true);
  });

  it("names a counterfeit flash (ID says 16MB, 4MB real, addresses wrap) instead of reporting success", async () => {
    const { files, parts } = partsBeyond4MB();
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB", flashId: 0x1840ef });
    const error = await failure(
      flash({
        port,
        manifest: manifest({ chipFamily: "ESP32", parts }),
        fetch: serve(files).fetch,
      }),
    );
    expect(error).toMatchObject({ code: "flash-wraps", step: "verifying" });
    expect(error.message).toMatch(
      /says it holds 16MB but holds at most 4MB.*0x401000.*0x1000.*counterfeit or mislabelled/,
    );
    expect(error.advice).toMatch(/build for a 4MB board/);
    // The bootloader the wrap overwrote is not listed as written completely.
    expect(error.flash?.written.map((p) => p.offset)).not.toContain(0x1000);
    expect(error.flash?.overwritten?.map((p) => p.offset)).toEqual([0x1000]);
    expect(error.message).toMatch(/Overwritten afterwards where the addresses wrap: .* at 0x1000/);
    expect(device.lastBoot?.ok ?? false).toBe(false);
  });

  it("refuses before writing when a counterfeit flash that holds firmware reads the same at its real size as at 0x0", async () => {
    const { firmware, files, parts, data } = partsBeyond4MB();
    const installed = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    for (const p of firmware.parts) installed.set(p.data, p.offset);
    const m = manifest({ chipFamily: "ESP32", parts });
    const counterfeit = board({
      chip: "ESP32",
      flashSize: "4MB",
      flashId: 0x1840ef,
      flashContents: installed,
    });
    const error = await failure(
      flash({ port: counterfeit.port, manifest: m, fetch: serve(files).fetch }),
    );
    expect(error).toMatchObject({ code: "flash-wraps", step: "preparing" });
    expect(error.message).toMatch(
      /says it holds 16MB but holds at most 4MB: the flash at 0x400000 reads the same as at 0x0.*data\.bin at 0x401000.*counterfeit or mislabelled\. Nothing was written\./,
    );
    expect(error.advice).toMatch(/build for a 4MB board/);
    expect(equal(counterfeit.device.flash.read(0, installed.length), installed)).toBe(true);
    counterfeit.device.reset("flash");
    expect(counterfeit.device.lastBoot?.ok).toBe(true);

    // A genuine 16MB chip holding the same firmware takes the same plan.
    const genuine = board({ chip: "ESP32", flashSize: "16MB", flashContents: installed });
    const result = await flash({ port: genuine.port, manifest: m, fetch: serve(files).fetch });
    expect(result.parts.every((p) => p.verified)).toBe(true);
    expect(equal(genuine.device.flash.read(0x401000, 0x2000), data)).toBe(true);
  });

  it("refuses before writing when every part fits but the chip holds less than the header would be patched to", async () => {
    // An ESP8266 whose ID says 4MB but that holds 1MB: MicroPython patched to 4MB would put its
    // file system above 1MB, over itself.
    const mp = makeSampleFirmware("micropython-esp8266");
    const old = makeSampleFirmware("micropython-esp8266", { size: 512 * 1024 }).parts[0]!.data;
    const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "mp.bin", offset: 0 }] });
    const files = serve({ "mp.bin": mp.parts[0]!.data });
    const counterfeit = board({
      chip: "ESP8266",
      flashSize: "1MB",
      flashId: 0x1640ef,
      flashContents: old,
    });
    const error = await failure(flash({ port: counterfeit.port, manifest: m, fetch: files.fetch }));
    expect(error).toMatchObject({ code: "flash-wraps", step: "preparing" });
    expect(error.message).toMatch(
      /says it holds 4MB but holds at most 1MB.*firmware told it has 4MB would overwrite itself.*Nothing was written\./,
    );
    expect(error.advice).toMatch(/genuine flash.*--flash-size keep/);
    expect(equal(counterfeit.device.flash.read(0, old.length), old)).toBe(true);

    const genuine = board({ chip: "ESP8266", flashSize: "4MB", flashContents: old });
    const result = await flash({ port: genuine.port, manifest: m, fetch: files.fetch });
    expect(result.outcome).toBe("flashed");
  });

  it("a blank counterfeit flash is named after writing, when the written parts can show the wrap (ESP32 16MB ID on 4MB)", async () => {
    const firmware = esp32Parts();
    const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
    const m = manifest({
      chipFamily: "ESP32",
      parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    });
    const counterfeit = board({ chip: "ESP32", flashSize: "4MB", flashId: 0x1840ef });
    const error = await failure(
      flash({ port: counterfeit.port, manifest: m, fetch: serve(files).fetch }),
    );
    expect(error).toMatchObject({ code: "flash-wraps", step: "verifying" });
    expect(error.message).toMatch(
      /says it holds 16MB but holds at most 4MB: after writing, .* at 0x1000 also reads at 0x401000.*counterfeit or mislabelled/,
    );
    expect(error.advice).toMatch(/build for a 4MB board/);

    // A genuine 16MB chip, blank too, takes the same plan and ends verified.
    const genuine = board({ chip: "ESP32", flashSize: "16MB" });
    const result = await flash({ port: genuine.port, manifest: m, fetch: serve(files).fetch });
    expect(result.parts.every((p) => p.verified)).toBe(true);
  });

  it("a blank counterfeit ESP8266 (4MB ID on 1MB) is named after writing MicroPython", async () => {
    const mp = makeSampleFirmware("micropython-esp8266");
    const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "mp.bin", offset: 0 }] });
    const files = serve({ "mp.bin": mp.parts[0]!.data });
    const counterfeit = board({ chip: "ESP8266", flashSize: "1MB", flashId: 0x1640ef });
    const error = await failure(flash({ port: counterfeit.port, manifest: m, fetch: files.fetch }));
    expect(error).toMatchObject({ code: "flash-wraps", step: "verifying" });
    expect(error.message).toMatch(/says it holds 4MB but holds at most 1MB/);
  });

  it("refuses a build's flash size larger than the chip before writing (16MB build, 4MB chip)", async () => {
    const firmware = esp32Parts();
    const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
    const parts = firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset }));
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    const error = await failure(
      flash({
        port,
        manifest: manifest({ chipFamily: "ESP32", parts, flashSize: "16MB" }),
        fetch: serve(files).fetch,
      }),
    );
    expect(error).toMatchObject({ code: "flash-size-too-large", step: "preparing" });
    expect(error.message).toMatch(
      /sets the flash size to 16MB, but this chip's flash is 4MB: the bootloader would refuse to start it\. Nothing was written\./,
    );
    expect(error.advice).toMatch(/build for a 4MB board.*detect/);
    expect(device.flash.usedSectors).toBe(0);

    // Kept as built: a header that says 16MB is held to the same rule.
    const big = makeSampleFirmware("esp32-parts", {
      chip: "ESP32",
      flashSize: "16MB",
      size: 96 * 1024,
    });
    const kept = await failure(
      flash({
        port,
        manifest: manifest({
          chipFamily: "ESP32",
          parts: big.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
          flashSize: "keep",
        }),
        fetch: serve(Object.fromEntries(big.parts.map((p) => [`${p.name}.bin`, p.data]))).fetch,
      }),
    );
    expect(kept).toMatchObject({ code: "flash-size-too-large" });
    expect(kept.message).toMatch(/image header says the flash is 16MB/);
    expect(device.flash.usedSectors).toBe(0);

    // A size the chip has is written as asked.
    const fits = await flash({
      port,
      manifest: manifest({ chipFamily: "ESP32", parts, flashSize: "2MB" }),
      fetch: serve(files).fetch,
    });
    expect(fits.parts.every((p) => p.verified)).toBe(true);
  });

  it("a genuine chip whose flash repeats one value everywhere is not taken for wrapping", async () => {
    const { files, parts } = partsBeyond4MB();
    const { device, port } = board({
      chip: "ESP32",
      flashSize: "16MB",
      flashContents: new Uint8Array(0x800000).fill(0x00),
    });
    const m = manifest({ chipFamily: "ESP32", parts });
    const result = await flash({ port, manifest: m, fetch: serve(files).fetch });
    expect(result.parts.every((p) => p.verified)).toBe(true);
    expect(device.flash.read(0x400000, 4)).toEqual(new Uint8Array(4)); // untouched between parts
  });

  it("one image in two slots half the flash apart on a genuine chip is not mistaken for wrapping", async () => {
    const image = bytes(0x20000, 5);
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    const m = manifest({
      chipFamily: "ESP32",
      parts: [
        { path: "ota.bin", offset: 0x10000 },
        { path: "ota.bin", offset: 0x210000 },
      ],
    });
    const result = await flash({ port, manifest: m, fetch: serve({ "ota.bin": image }).fetch });
    expect(result.parts.every((p) => p.verified)).toBe(true);
    expect(equal(device.flash.read(0x210000, image.length), image)).toBe(true);
  });

  it("with an unknown flash ID, holds parts to the image header's size and says so", async () => {
    const big = makeSampleFirmware("esp32-parts", {
      chip: "ESP32",
      flashSize: "2MB",
      size: 96 * 1024,
    });
    const files: Record<string, Uint8Array> = Object.fromEntries(
      big.parts.map((p) => [`${p.name}.bin`, p.data]),
    );
    files["storage.bin"] = bytes(0x20000, 4);
    const parts = [
      ...big.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
      { path: "storage.bin", offset: 0x1f0000 },
    ];
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB", flashId: 0x00aa55 });
    const session = new FlashSession({
      port,
      manifest: manifest({ chipFamily: "ESP32", parts }),
      fetch: serve(files).fetch,
    });
    const events = record(session);
    const error = await failure(session.run());
    expect(error).toMatchObject({ code: "image-too-large", step: "preparing" });
    expect(error.message).toMatch(
      /storage\.bin.*2MB by the image header \(the chip's own size is unknown\)/,
    );
    expect(
      events.some(
        ([t, d]) =>
          t === "log" &&
          /0xaa55 is unknown: every part is held to the 2MB/.test((d as { line: string }).line),
      ),
    ).toBe(true);
    expect(device.flash.read(0x1000, 0x100).every((x) => x === 0xff)).toBe(true);
  });

  it("checks every part again after the last write, skipped ones too", async () => {
    const firmware = esp32Parts();
    const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
    const m = manifest({
      chipFamily: "ESP32",
      parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    });
    const { port } = board({ chip: "ESP32", flashSize: "4MB" });
    await flash({ port, manifest: m, fetch: serve(files).fetch });
    const session = new FlashSession({
      port,
      manifest: m,
      fetch: serve(files).fetch,
      force: false,
    });
    const events = record(session);
    const result = await session.run();
    expect(result.outcome).toBe("unchanged");
    const verified = events
      .filter(([t]) => t === "verify")
      .map(([, d]) => (d as { offset: number; ok: boolean }).offset);
    expect(verified).toEqual(firmware.parts.map((p) => p.offset));
    expect(result.parts.every((p) => p.verified && !p.written)).toBe(true);
  });
});
