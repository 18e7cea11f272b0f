import { describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { FlashSession, flash } from "../../src/index.js";
import { board, failure, manifest, record, serve } from "../helpers/session.js";

const esp8266 = makeSampleFirmware("micropython-esp8266").parts[0]!.data;
const files = serve({ "fw.bin": esp8266 });
const one = (offset = 0, more: Record<string, unknown> = {}) =>
  manifest({ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset }], ...more });

/** The flash is untouched: every byte still 0xFF (or the given contents). */
function untouched(
  device: { flash: { read(o: number, n: number): Uint8Array } },
  length = 0x100000,
) {
  expect(device.flash.read(0, length).every((b) => b === 0xff)).toBe(true);
}

describe("refusals before anything is written", () => {
  it("no build for the connected chip", async () => {
    const { device, port } = board({ chip: "ESP32-C3" });
    const error = await failure(flash({ port, manifest: one(), fetch: files.fetch }));
    expect(error).toMatchObject({ code: "no-build-for-chip", step: "choosing-build" });
    expect(error.message).toMatch(/No build for ESP32-C3/);
    untouched(device);
  });

  it("several builds and nobody chose", async () => {
    const { port } = board({ chip: "ESP8266" });
    const m = manifest(
      { chipFamily: "ESP8266", name: "A", parts: [{ path: "fw.bin", offset: 0 }] },
      { chipFamily: "ESP8266", name: "B", parts: [{ path: "fw.bin", offset: 0 }] },
    );
    const error = await failure(flash({ port, manifest: m, fetch: files.fetch }));
    expect(error).toMatchObject({ code: "build-choice-needed", step: "choosing-build" });
    const chosen = await flash({
      port,
      manifest: m,
      fetch: files.fetch,
      chooseBuild: (c) => c[1]!,
    });
    expect(chosen.build.name).toBe("B");
  });

  it("a part that is not on the server (404)", async () => {
    const { device, port } = board({ chip: "ESP8266" });
    const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "missing.bin", offset: 0 }] });
    const error = await failure(flash({ port, manifest: m, fetch: files.fetch }));
    expect(error.step).toBe("downloading");
    expect(error.message).toMatch(/404/);
    untouched(device);
  });

  it("a part whose sha256 does not match", async () => {
    const { device, port } = board({ chip: "ESP8266" });
    const m = manifest({
      chipFamily: "ESP8266",
      parts: [{ path: "fw.bin", offset: 0, sha256: "0".repeat(64) }],
    });
    const error = await failure(flash({ port, manifest: m, fetch: files.fetch }));
    expect(error.step).toBe("downloading");
    expect(`${error.code} ${error.message}`).toMatch(/sha-?256/i);
    untouched(device);
  });

  it("an image larger than the flash", async () => {
    const { device, port } = board({ chip: "ESP8266", flashSize: "1MB" });
    const error = await failure(flash({ port, manifest: one(0xf0000), fetch: files.fetch }));
    expect(error).toMatchObject({ code: "image-too-large", step: "preparing" });
    expect(error.message).toMatch(/but the flash is 1MB/);
    untouched(device);
  });

  it("overlapping parts", async () => {
    const { device, port } = board({ chip: "ESP8266" });
    const m = manifest({
      chipFamily: "ESP8266",
      parts: [
        { path: "fw.bin", offset: 0 },
        { path: "fw.bin", offset: 0x1000 },
      ],
    });
    const error = await failure(flash({ port, manifest: m, fetch: files.fetch }));
    expect(error).toMatchObject({ code: "parts-overlap", step: "preparing" });
    untouched(device);
  });

  it("confirm says no: nothing is written and the result says cancelled", async () => {
    const { device, port } = board({ chip: "ESP8266" });
    let planned = 0;
    const result = await flash({
      port,
      manifest: one(),
      fetch: files.fetch,
      confirm: (plan) => ((planned = plan.totalBytes), false),
    });
    expect(planned).toBeGreaterThan(0);
    expect(result.outcome).toBe("cancelled");
    untouched(device);
  });
});

describe("failures while writing", () => {
  it("device unplugged mid-write: a clear error, then a retry on the same device succeeds", async () => {
    const { device, port } = board({
      chip: "ESP8266",
      faults: [{ kind: "disconnect", atAddress: 0x20000 }],
    });
    const error = await failure(flash({ port, manifest: one(), fetch: files.fetch }));
    expect(error.step).toBe("writing");
    expect(["device-lost", "device-not-responding"]).toContain(error.code);
    expect(error.message).toMatch(/unplugged/);
    expect(error.advice).toMatch(/cable|plug/i);

    device.clearFaults();
    device.reconnect();
    const retry = await flash({ port, manifest: one(), fetch: files.fetch });
    expect(retry.parts[0]!.verified).toBe(true);
    expect(device.lastBoot?.ok).toBe(true);
  });

  it("abort() stops the session, releases the port, and a retry works", async () => {
    const { device, port } = board({ chip: "ESP8266" });
    const session = new FlashSession({ port, manifest: one(), fetch: files.fetch });
    const events = record(session);
    session.addEventListener("progress", (e) => {
      if (e.detail.written > 0) session.abort();
    });
    const error = await failure(session.run());
    expect(error).toMatchObject({ code: "aborted", step: "writing" });
    expect(session.step).toBe("aborted");
    expect(events.some(([t]) => t === "error")).toBe(true);

    const retry = await flash({ port, manifest: one(), fetch: files.fetch });
    expect(retry.parts[0]!.verified).toBe(true);
    expect(device.lastBoot?.ok).toBe(true);
  });

  it("an AbortSignal aborted before start never opens the port", async () => {
    const { port } = board({ chip: "ESP8266" });
    const error = await failure(
      flash({ port, manifest: one(), fetch: files.fetch, signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe("aborted");
    await port.open({ baudRate: 115200 });
    await port.close();
  });
});
