import { describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { FlashSession, flash } from "../../src/index.js";
import { board, manifest, record, serve } from "../helpers/session.js";

describe("re-flashing", () => {
  const firmware = makeSampleFirmware("micropython-esp8266", { size: 64 * 1024 });
  const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] });
  const files = serve({ "fw.bin": firmware.parts[0]!.data });

  it("skips parts the flash already holds, and writes them again when forced", async () => {
    const { device, port } = board({ chip: "ESP8266", flashSize: "4MB" });
    expect((await flash({ port, manifest: m, fetch: files.fetch })).outcome).toBe("flashed");

    const again = new FlashSession({ port, manifest: m, fetch: files.fetch });
    const events = record(again);
    const result = await again.run();
    expect(result.outcome).toBe("unchanged");
    expect(result.bytesWritten).toBe(0);
    expect(events.find(([t]) => t === "plan")?.[1]).toMatchObject({
      totalBytes: 0,
      parts: [expect.objectContaining({ skip: true })],
    });
    expect(events.some(([t]) => t === "progress")).toBe(false);
    expect(device.lastBoot?.ok).toBe(true);

    const forced = await flash({ port, manifest: m, fetch: files.fetch, force: true });
    expect(forced.outcome).toBe("flashed");
    expect(forced.bytesWritten).toBe(forced.parts[0]!.size);
  });

  it("erases first when confirm asks for it, and then writes every part", async () => {
    const { device, port } = board({
      chip: "ESP8266",
      flashSize: "4MB",
      flashContents: new Uint8Array(0x300000).fill(0x5a),
    });
    const session = new FlashSession({
      port,
      manifest: m,
      fetch: files.fetch,
      confirm: () => ({ erase: true }),
    });
    const events = record(session);
    const result = await session.run();
    expect(
      events.map(([t, d]) => (t === "step" ? (d as { step: string }).step : "")).filter(Boolean),
    ).toContain("erasing");
    expect(result.parts[0]!.verified).toBe(true);
    expect(device.flash.read(0x2ff000, 4)).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
  });
});
