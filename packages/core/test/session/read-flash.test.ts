import { describe, expect, it } from "vitest";
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import {
  FlashError,
  FlashSession,
  readFlash,
  type FlashBackup,
  type FlashPlan,
} from "../../src/index.js";
import { board, manifest, record, serve } from "../helpers/session.js";

const MB = 1024 * 1024;
const old = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 12)) & 0xff);
const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

describe("readFlash", () => {
  it("reads a region with the stub, MD5-checked, and leaves the board running its firmware", async () => {
    const contents = old(2 * MB);
    const { device, port } = board({ chip: "ESP32", flashSize: "2MB", flashContents: contents });
    const seen: number[] = [];
    const result = await readFlash({
      port,
      offset: 0x1000,
      length: 0x30000,
      onProgress: (read, total) => seen.push(read / total),
    });
    expect(equal(result.data, contents.subarray(0x1000, 0x31000))).toBe(true);
    expect(result.md5).toBe(bytesToHex(md5(contents.subarray(0x1000, 0x31000))));
    expect(result.device).toMatchObject({ family: "ESP32", flashSize: "2MB", stub: true });
    expect(seen.at(-1)).toBe(1);
    expect(device.state).not.toBe("download");
  });

  it("refuses a range past the end of the detected flash with a typed error", async () => {
    const { port } = board({ chip: "ESP32-C3", flashSize: "4MB" });
    const error = await readFlash({ port, offset: 4 * MB - 0x1000, length: 0x2000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlashError);
    expect(error).toMatchObject({ code: "read-out-of-range", step: "reading" });
  });

  it("aborts with a typed error", async () => {
    const { port } = board({ chip: "ESP32-S3" });
    const controller = new AbortController();
    const error = await readFlash({
      port,
      offset: 0,
      length: 0x100000,
      signal: controller.signal,
      onProgress: (read) => read > 0x20000 && controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "aborted" });
  });
});

describe("FlashOptions.backup", () => {
  const firmware = makeSampleFirmware("micropython-esp8266", { size: 64 * 1024 });
  const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] });

  it("reads the whole flash before any write and hands it over, with progress", async () => {
    const contents = old(MB);
    const { device, port } = board({ chip: "ESP8266", flashSize: "1MB", flashContents: contents });
    let saved: FlashBackup | undefined;
    let flashAtSave: Uint8Array | undefined;
    const session = new FlashSession({
      port,
      manifest: m,
      fetch: serve({ "fw.bin": firmware.parts[0]!.data }).fetch,
      backup: {
        save: (backup) => {
          saved = backup;
          flashAtSave = device.flash.read(0, MB);
        },
      },
    });
    const events = record(session);
    const result = await session.run();
    expect(result.outcome).toBe("flashed");
    expect(saved?.offset).toBe(0);
    expect(saved?.whole).toBe(true);
    expect(equal(saved!.data, contents)).toBe(true);
    expect(equal(flashAtSave!, contents)).toBe(true); // nothing written before the backup was saved
    expect(saved!.md5).toBe(bytesToHex(md5(contents)));
    const progress = events
      .filter(([t]) => t === "backup")
      .map(([, d]) => d as { read: number; total: number });
    expect(progress.at(-1)).toEqual({ offset: 0, read: MB, total: MB });
    const steps = events.filter(([t]) => t === "step").map(([, d]) => (d as { step: string }).step);
    expect(steps.indexOf("reading")).toBeLessThan(steps.indexOf("writing"));
  });

  it("with an unknown flash ID the backup is not called the whole flash, and says its range", async () => {
    // The chip holds 4MB; its ID is not in the tables, so only the image header's 1MB is known.
    const contents = old(MB);
    const { port } = board({
      chip: "ESP8266",
      flashSize: "4MB",
      flashId: 0x00aa55,
      flashContents: contents,
    });
    let saved: FlashBackup | undefined;
    const session = new FlashSession({
      port,
      manifest: m,
      fetch: serve({ "fw.bin": firmware.parts[0]!.data }).fetch,
      backup: { save: (backup) => void (saved = backup) },
    });
    const events = record(session);
    let plan: FlashPlan | undefined;
    session.addEventListener("plan", (e) => (plan = e.detail));
    await session.run();
    // The plan says beforehand what a backup will read, so a confirmation can name the range.
    expect(plan?.flashBound).toEqual({ bytes: MB, name: "1MB", source: "image header" });
    expect(saved).toMatchObject({ offset: 0, whole: false });
    expect(saved!.data.length).toBe(MB);
    expect(
      events.some(
        ([t, d]) =>
          t === "log" &&
          /flash size is unknown: the backup holds 0x0–0x100000 \(1MB, the size the image header states\), which may not be the whole flash/.test(
            (d as { line: string }).line,
          ),
      ),
    ).toBe(true);
  });

  it.each([
    [{ offset: 0x3ff000, length: 0x2000 }, /ends past the end of the 4MB flash/],
    [{ offset: -0x1000 }, /offset -4096 is not a whole number of 0 or more/],
    [{ offset: 0x400000 }, /0x400000 is at or past the end of the 4MB flash/],
    [{ length: 0 }, /length 0 is not a whole number above 0/],
  ])(
    "a backup range %j off the flash is refused as such, before anything is read",
    async (range, why) => {
      const { device, port } = board({ chip: "ESP8266", flashSize: "4MB", flashContents: old(MB) });
      let saved = false;
      const error = await new FlashSession({
        port,
        manifest: m,
        fetch: serve({ "fw.bin": firmware.parts[0]!.data }).fetch,
        backup: { ...range, save: () => void (saved = true) },
      })
        .run()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "read-out-of-range", step: "reading" });
      expect((error as Error).message).toMatch(why);
      expect((error as Error).message).not.toMatch(/size is unknown/);
      expect(saved).toBe(false);
      expect(equal(device.flash.read(0, MB), old(MB))).toBe(true);
    },
  );

  it("a save that fails ends the session with nothing written", async () => {
    const contents = old(MB);
    const { device, port } = board({ chip: "ESP8266", flashSize: "1MB", flashContents: contents });
    const error = await new FlashSession({
      port,
      manifest: m,
      fetch: serve({ "fw.bin": firmware.parts[0]!.data }).fetch,
      backup: {
        length: 0x10000,
        save: () => {
          throw new Error("disk full");
        },
      },
    })
      .run()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "backup-failed", step: "reading" });
    expect(equal(device.flash.read(0, MB), contents)).toBe(true);
  });
});
