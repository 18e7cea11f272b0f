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
    expect(text.stdout).toContain("MAC        24:0a:c4:00:11:22");
    // As esptool flash-id prints it: manufacturer ef, device 4017 (type 0x40, capacity 0x17).
    expect(board.device.flashId).toBe(0x1740ef);
    expect(text.stdout).toContain("flash ID   manufacturer ef, device 4017");
    expect(text.stdout).toContain("flash size 8MB");
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
    expect(run.stdout).toContain("flash size 1MB");
    expect(run.stdout).toMatch(/security +this ROM reports none/);
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
