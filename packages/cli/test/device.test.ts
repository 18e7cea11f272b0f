import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { VirtualEspServer } from "@esp-flash/virtual-device/node";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { serveBoard, tempDir } from "./helpers/boards.js";
import { json, runCli, startCli } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("info, read, erase over socket://", () => {
  let board: VirtualEspServer;
  afterEach(async () => {
    await board?.close();
  });

  it("info names the chip, revision, MAC, flash ID and size, and security flags", async () => {
    board = await serveBoard({
      chip: "ESP32-S3",
      flashSize: "8MB",
      mac: "24:0a:c4:00:11:22",
      revision: 2,
      securityFlags: 0x1,
    });
    const text = await runCli(["info", "--port", board.url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/chip +ESP32-S3/);
    expect(text.stdout).toMatch(/MAC +24:0a:c4:00:11:22/);
    // As esptool flash-id prints it: manufacturer ef, device 4017 (type 0x40, capacity 0x17).
    expect(board.device.flashId).toBe(0x1740ef);
    expect(text.stdout).toMatch(/flash ID +manufacturer ef, device 4017/);
    expect(text.stdout).toMatch(/flash size +8MB/);
    expect(text.stdout).toMatch(/security +secure boot v2/);
    const data = json(await runCli(["--json", "info", "--port", board.url]));
    expect(data).toMatchObject({
      port: board.url,
      family: "ESP32-S3",
      mac: "24:0a:c4:00:11:22",
      flashId: board.device.flashId,
      flashManufacturer: "ef",
      flashDevice: "4017",
      flashSize: "8MB",
      revision: "v0.2",
    });
  });

  it("info on an ESP8266 says its ROM has no security info", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "1MB" });
    const run = await runCli(["info", "--port", board.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/flash size +1MB/);
    expect(run.stdout).toMatch(/security +this ROM reports none/);
  });

  // What esptool v5.0.0's chip-id and flash-id print on the same virtual boards (checked by hand:
  // `esptool --port socket://… flash-id`): crystal, USB mode, flash type and voltage, chip ID.
  it("info reads the crystal, flash type and voltage as esptool does (ESP32-S3, octal flash on 1.8V by eFuse)", async () => {
    board = await serveBoard({
      chip: "ESP32-S3",
      flashSize: "8MB",
      octalFlash: true,
      flashVoltage: { volts: "1.8V", setBy: "efuse" },
    });
    const text = await runCli(["info", "--port", board.url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/crystal +40 MHz \(the only crystal this chip takes\)/);
    expect(text.stdout).toMatch(/flash type +octal \(8 data lines\), set in eFuse/);
    expect(text.stdout).toMatch(/flash volts +1\.8V, set by eFuse/);
    expect(text.stdout).toMatch(/USB +uart-bridge/);
    expect(json(await runCli(["--json", "info", "--port", board.url]))).toMatchObject({
      crystalMHz: 40,
      crystalSource: "fixed",
      flashType: "octal",
      flashVoltage: { volts: "1.8V", setBy: "efuse" },
      usb: "uart-bridge",
    });
  });

  it("info on an ESP32 estimates the crystal from the UART divider and reads the VDD_SDIO strapping pin", async () => {
    board = await serveBoard({ chip: "ESP32", flashVoltage: { volts: "1.8V" } });
    const data = json(await runCli(["--json", "info", "--port", board.url]));
    expect(data).toMatchObject({
      crystalMHz: 40,
      crystalSource: "uart-divider",
      flashVoltage: { volts: "1.8V", setBy: "strapping-pin" },
    });
    // No flash-type eFuse on the ESP32: esptool prints no flash type, and neither do we.
    expect(data).not.toHaveProperty("flashType");
  });

  it("info on an ESP8266 gives its 26 MHz crystal and chip ID, and no flash voltage", async () => {
    board = await serveBoard({ chip: "ESP8266", mac: "5c:cf:7f:12:34:56" });
    const text = await runCli(["info", "--port", board.url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /crystal +26 MHz \(estimated 2[56]\.\d+ MHz from the UART clock divider\)/,
    );
    // esptool chip-id: the SDK's system_get_chip_id(), the MAC's last three bytes.
    expect(text.stdout).toMatch(/chip ID +0x00123456/);
    expect(text.stdout).toMatch(/flash volts +not readable on this chip/);
    expect(json(await runCli(["--json", "info", "--port", board.url]))).toMatchObject({
      crystalMHz: 26,
      chipId: 0x123456,
    });
  });

  it("read backs up a region byte for byte, MD5-checked against the chip", async () => {
    const firmware = makeSampleFirmware("esp32-merged", { chip: "ESP32", seed: 3 }).merged!;
    board = await serveBoard({ chip: "ESP32", flashSize: "4MB", flashContents: firmware });
    const out = join(tmp.dir, "backup.bin");
    const run = await runCli(["--json", "read", "0x1000", "256K", "-o", out, "--port", board.url]);
    expect(run.code, run.stderr).toBe(0);
    const saved = readFileSync(out);
    expect(new Uint8Array(saved)).toEqual(firmware.slice(0x1000, 0x1000 + 256 * 1024));
    expect(json(run)).toMatchObject({
      offset: 0x1000,
      length: 0x40000,
      md5: createHash("md5").update(saved).digest("hex"),
    });
  });

  it("read refuses a region past the end of the flash (exit 3) and usage mistakes (exit 2)", async () => {
    board = await serveBoard({ chip: "ESP32-C3", flashSize: "2MB" });
    const past = await runCli([
      "read",
      "0x1f0000",
      "0x20000",
      "-o",
      join(tmp.dir, "x.bin"),
      "--port",
      board.url,
    ]);
    expect(past.code).toBe(3);
    expect(past.stderr).toContain("goes past the end of the 2MB flash");
    expect((await runCli(["read", "zero", "4", "-o", "x.bin", "--port", board.url])).code).toBe(2);
    expect((await runCli(["read", "0", "4", "--port", board.url])).code).toBe(2);
  });

  it("erase wipes the whole flash", async () => {
    board = await serveBoard({
      chip: "ESP32-C3",
      flashSize: "4MB",
      flashContents: new Uint8Array(64 * 1024).fill(0x5a),
    });
    const run = await runCli(["--json", "erase", "--port", board.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(json(run)).toMatchObject({ erased: true, flashSize: "4MB" });
    expect(board.device.flash.usedSectors).toBe(0);
    expect(board.device.flash.read(0, 4)).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
  });

  it("Ctrl-C during a read stops cleanly and says the flash is unchanged", async () => {
    board = await serveBoard({ chip: "ESP32", flashSize: "4MB", timing: "realtime" });
    const cli = startCli([
      "read",
      "0",
      "4M",
      "-o",
      join(tmp.dir, "slow.bin"),
      "--port",
      board.url,
      "--baud",
      "115200",
    ]);
    await cli.waitFor(/reading \d+%/);
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("Stopped (Ctrl-C).");
    expect(run.stderr).toContain("Only reads were made: the flash is unchanged.");
  });
});
