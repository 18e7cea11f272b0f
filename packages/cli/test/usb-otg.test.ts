import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { makeSampleFirmware, type VirtualEspServer } from "@esp-flash/virtual-device/node";
import { serveBoard, tempDir } from "./helpers/boards.js";
import { json, runCli } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("an ESP32-S2 on its ROM's USB-OTG port, over socket://", { timeout: 120_000 }, () => {
  let board: VirtualEspServer | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it("info tells USB-OTG (the ROM's UARTDEV_BUF_NO), and a MicroPython install writes, verifies and boots", async () => {
    board = await serveBoard({ chip: "ESP32-S2", usb: "usb-otg", flashSize: "4MB" });
    // A socket carries no USB ids: only the ROM can tell which port it talks on.
    const info = json(await runCli(["--json", "info", "--port", board.url]));
    expect(info).toMatchObject({ family: "ESP32-S2", usb: "usb-otg", stub: true });

    const merged = makeSampleFirmware("esp32-merged", {
      chip: "ESP32-S2",
      flashSize: "4MB",
      size: 320 * 1024,
    }).merged!;
    const image = merged.subarray(0x1000);
    const path = join(tmp.dir, "micropython-s2.bin");
    writeFileSync(path, image);
    const run = await runCli(["--json", "flash", `${path}@0x1000`, "--port", board.url]);
    expect(run.code, run.stderr).toBe(0);
    // esptool's watchdog reset: the S2 leaves USB and boots MicroPython, no RESET press needed
    // (an RTS pulse only resets its CPU, which comes back in the ROM loader).
    expect(json(run)).toMatchObject({
      ok: true,
      outcome: "flashed",
      bytesWritten: image.length,
      restart: "left-usb",
    });
    expect(board.device.flash.read(0x1000, image.length)).toEqual(image);
    expect(board.device.lastBoot?.ok, board.device.bootLog).toBe(true);
    expect(board.device.bootLog).toContain("RTCWDT_RTC_RST");
  });
});
