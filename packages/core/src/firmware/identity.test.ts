import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { describe, expect, it } from "vitest";
import { board, manifest, serve } from "../../test/helpers/session.js";
import type { FlashPlan } from "../index.js";
import { flash } from "../index.js";
import { readFirmwareOnBoard } from "../session/index.js";
import { parseAppDescription } from "./app-description.js";
import {
  compareFirmware,
  identityOfParts,
  pythonFirmware,
  readFirmwareIdentity,
} from "./identity.js";
import { bootApp, parsePartitionTable } from "./partition-table.js";

const mp = (version: string, seed = 1) =>
  makeSampleFirmware("esp32-merged", { seed, app: { projectName: "micropython", version } });

describe("firmware identity", () => {
  it("reads the ESP-IDF app description (project, version, IDF, ELF SHA) of an app image", () => {
    const app = mp("v1.23.0").parts.find((p) => p.name === "app")!.data;
    expect(parseAppDescription(app)).toMatchObject({
      projectName: "micropython",
      version: "v1.23.0",
      idfVersion: "v5.2.2",
      buildDate: "Jun  2 2024",
      buildTime: "10:11:12",
      secureVersion: 0,
    });
    expect(parseAppDescription(app)!.elfSha256).toMatch(/^[0-9a-f]{64}$/);
    // An image without one (older IDF, other toolchains) says nothing rather than noise.
    const plain = makeSampleFirmware("esp32-parts").parts.find((p) => p.name === "app")!.data;
    expect(parseAppDescription(plain)).toBeUndefined();
    expect(parseAppDescription(new Uint8Array(300))).toBeUndefined();
  });

  it("names MicroPython and CircuitPython (no Improv Serial) from what the flash holds, and nothing else", async () => {
    expect(pythonFirmware(await identityOfParts(mp("v1.23.0").parts, "ESP32"))).toBe("MicroPython");
    const circuit = makeSampleFirmware("esp32-merged", {
      app: { projectName: "circuitpython", version: "9.2.1" },
    });
    expect(pythonFirmware(await identityOfParts(circuit.parts, "ESP32"))).toBe("CircuitPython");
    const esp8266 = makeSampleFirmware("micropython-esp8266");
    expect(pythonFirmware(await identityOfParts(esp8266.parts, "ESP8266"))).toBe("MicroPython");
    const esphome = makeSampleFirmware("esp32-merged", {
      app: { projectName: "esphome-kitchen", version: "2024.6.0" },
    });
    expect(pythonFirmware(await identityOfParts(esphome.parts, "ESP32"))).toBeUndefined();
    const app8266 = makeSampleFirmware("app", { chip: "ESP8266" });
    expect(pythonFirmware(await identityOfParts(app8266.parts, "ESP8266"))).toBeUndefined();
    expect(pythonFirmware({ kind: "empty" })).toBeUndefined();
    expect(pythonFirmware(undefined)).toBeUndefined();
  });

  it("describes firmware to be written from its parts, as it would lie on the flash", async () => {
    const fw = mp("v1.23.0");
    for (const parts of [fw.parts, [{ offset: 0, data: fw.merged! }]]) {
      expect(await identityOfParts(parts, "ESP32")).toMatchObject({
        kind: "esp-idf",
        bootloader: true,
        app: { offset: 0x10000, label: "factory", description: { projectName: "micropython" } },
      });
    }
  });

  it("reads what a virtual ESP32 holds through the real loader, and an erased one as empty", async () => {
    const fw = mp("v1.23.0");
    const flash = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    flash.set(fw.merged!);
    const { port } = board({ chip: "ESP32", flashSize: "4MB", flashContents: flash });
    const { device, firmware } = await readFirmwareOnBoard({ port });
    expect(device.family).toBe("ESP32");
    expect(firmware).toMatchObject({
      kind: "esp-idf",
      bootloader: true,
      app: { description: { projectName: "micropython", version: "v1.23.0" } },
    });
    const erased = board({ chip: "ESP32-S3", flashSize: "4MB" });
    expect((await readFirmwareOnBoard({ port: erased.port })).firmware).toEqual({ kind: "empty" });
  }, 60_000);

  it("a session's plan says what the board holds and that the new version is an update", async () => {
    const flashBytes = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    flashBytes.set(mp("v1.23.0").merged!);
    const { port } = board({ chip: "ESP32", flashSize: "4MB", flashContents: flashBytes });
    const next = mp("v1.24.1", 2);
    const { fetch } = serve({ "fw.bin": next.merged! });
    let plan: FlashPlan | undefined;
    await flash({
      port,
      fetch,
      manifest: manifest({ chipFamily: "ESP32", parts: [{ path: "fw.bin", offset: 0 }] }),
      confirm: (p) => {
        plan = p;
        return false;
      },
    });
    expect(plan!.relation).toBe("same-project");
    expect(plan!.onBoard).toMatchObject({ app: { description: { version: "v1.23.0" } } });
    expect(plan!.incoming).toMatchObject({ app: { description: { version: "v1.24.1" } } });
  }, 60_000);

  it("ESP8266: knows MicroPython's layout (no version: its image does not say)", async () => {
    const fw = makeSampleFirmware("micropython-esp8266");
    expect(await identityOfParts(fw.parts, "ESP8266")).toEqual({
      kind: "esp8266",
      format: "v1",
      layout: "micropython",
    });
    const app = makeSampleFirmware("app", { chip: "ESP8266" });
    expect(await identityOfParts(app.parts, "ESP8266")).toMatchObject({ layout: "single-image" });
    expect(await identityOfParts([], "ESP8266")).toEqual({ kind: "empty" });
  });

  it("tells an update from a new install and from the same build", async () => {
    const id = (fw: ReturnType<typeof mp>) => identityOfParts(fw.parts, "ESP32");
    const old = await id(mp("v1.23.0"));
    expect(compareFirmware(old, await id(mp("v1.24.1")))).toBe("same-project");
    expect(compareFirmware(old, await id(mp("v1.23.0")))).toBe("same-build");
    const other = await identityOfParts(
      makeSampleFirmware("esp32-merged", {
        app: { projectName: "esphome-web", version: "2024.6.0" },
      }).parts,
      "ESP32",
    );
    expect(compareFirmware(old, other)).toBe("other-project");
    expect(compareFirmware({ kind: "empty" }, old)).toBe("unknown");
  });

  it("follows OTA data to the app the bootloader starts", () => {
    const entry = (type: number, subtype: number, offset: number, size: number, label: string) => {
      const e = new Uint8Array(32);
      const v = new DataView(e.buffer);
      v.setUint16(0, 0x50aa, true);
      e[2] = type;
      e[3] = subtype;
      v.setUint32(4, offset, true);
      v.setUint32(8, size, true);
      e.set(new TextEncoder().encode(label), 12);
      return e;
    };
    const bytes = new Uint8Array(0xc00).fill(0xff);
    [
      entry(1, 0, 0xd000, 0x2000, "otadata"),
      entry(0, 0x10, 0x10000, 0x100000, "ota_0"),
      entry(0, 0x11, 0x110000, 0x100000, "ota_1"),
    ].forEach((e, i) => bytes.set(e, i * 32));
    const table = parsePartitionTable(bytes)!;
    expect(bootApp(table)?.label).toBe("ota_0");
    expect(bootApp(table, [0xffffffff, 0xffffffff])?.label).toBe("ota_0");
    expect(bootApp(table, [1, 2])?.label).toBe("ota_1");
    expect(bootApp(table, [3, 0xffffffff])?.label).toBe("ota_0");
  });

  it("an unreadable flash is unknown, not a guess", async () => {
    const noise = async (_o: number, length: number) =>
      new Uint8Array(length).map((_, i) => (i * 37 + 11) & 0xff);
    expect(await readFirmwareIdentity(noise, "ESP32-C3")).toEqual({ kind: "unknown" });
  });
});
