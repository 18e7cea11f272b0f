import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { makeSampleFirmware, type VirtualEspServer } from "@esp-flash/virtual-device/node";
import { serveBoard, tempDir } from "./helpers/boards.js";
import { json, runCli } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("--flash-size larger than the chip", () => {
  let board: VirtualEspServer | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it("--flash-size 8MB on a 4 MB ESP32 is refused before writing, with advice (exit 3)", async () => {
    const firmware = makeSampleFirmware("esp32-parts", { chip: "ESP32", flashSize: "4MB" });
    const files = firmware.parts.map((p) => {
      const path = join(tmp.dir, `${p.name}.bin`);
      writeFileSync(path, p.data);
      return `${path}@0x${p.offset.toString(16)}`;
    });
    board = await serveBoard({ chip: "ESP32", flashSize: "4MB" });
    const run = await runCli([
      "--json",
      "flash",
      ...files,
      "--chip",
      "ESP32",
      "--flash-size",
      "8MB",
      "--port",
      board.url,
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(json(run)).toMatchObject({
      ok: false,
      exitCode: 3,
      error: {
        code: "flash-size-too-large",
        message: expect.stringContaining("flash size to 8MB, but this chip's flash is 4MB"),
        advice: expect.stringContaining("--flash-size detect"),
      },
      flashState: "Nothing was written: the flash is unchanged.",
    });
    expect(board.device.flash.usedSectors).toBe(0);
  }, 60_000);
});
