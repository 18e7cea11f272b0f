import { createServer, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { VirtualEspServer } from "@esp-flash/virtual-device/node";
import {
  deadPort,
  patchedHeader,
  serveBoard,
  tempDir,
  writeManifest,
  writeMicroPython,
} from "./helpers/boards.js";
import { json, runCli, startCli } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("esp-flash flash over socket://", () => {
  let board: VirtualEspServer;
  let firmware: { path: string; data: Uint8Array };
  beforeAll(() => {
    firmware = writeMicroPython(tmp.dir);
  });
  afterEach(async () => {
    await board?.close();
  });

  it("flashes MicroPython from a local manifest, patched to the detected 4MB, verified, and it boots", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const manifest = writeManifest(tmp.dir, {
      name: "MicroPython",
      builds: [{ chipFamily: "ESP8266", parts: [{ path: "micropython.bin", offset: 0 }] }],
    });
    const run = await runCli(["flash", manifest, "--port", board.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("header 1MB → 4MB");
    expect(run.stdout).toMatch(/Done: 614400 bytes written and verified/);
    expect(board.device.flash.read(0, firmware.data.length)).toEqual(
      patchedHeader(firmware.data, 0x40),
    );
    board.device.reset("flash");
    expect(board.device.lastBoot?.ok).toBe(true);
  });

  it("flashes file.bin@offset, says so in --json, and skips it the second time", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "2MB" });
    const first = await runCli(["--json", "flash", `${firmware.path}@0x0`, "--port", board.url]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    const result = json(first);
    expect(result).toMatchObject({
      ok: true,
      outcome: "flashed",
      chip: "ESP8266EX",
      flashSize: "2MB",
      bytesWritten: firmware.data.length,
      // socket:// has no reset lines: the chip is still in the stub, and we say so.
      restart: "press-reset",
      note: expect.stringMatching(/RESET button/),
      exitCode: 0,
      command: "flash",
    });
    expect(board.device.state).toBe("stub");
    expect(result.patches).toEqual([`${firmware.path}: header 1MB → 2MB`]);
    expect(board.device.flash.read(0, 4)).toEqual(new Uint8Array([0xe9, 0x03, 0x00, 0x30]));
    const again = json(
      await runCli(["--json", "flash", `${firmware.path}@0`, "--port", board.url]),
    );
    expect(again).toMatchObject({ ok: true, outcome: "unchanged", bytesWritten: 0 });
  });

  it("--flash-size, --flash-mode and --force override the manifest and rewrite", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const run = await runCli([
      "--json",
      "flash",
      `${firmware.path}@0`,
      "--port",
      board.url,
      "--flash-size",
      "2MB",
      "--flash-mode",
      "dio",
      "--force",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(board.device.flash.read(0, 4)).toEqual(new Uint8Array([0xe9, 0x03, 0x02, 0x30]));
  });

  it("--erase wipes what was there before writing", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    board.device.flash.program(0x300000, new Uint8Array([1, 2, 3, 4]));
    const run = await runCli(["flash", `${firmware.path}@0`, "--port", board.url, "--erase"]);
    expect(run.code, run.stderr).toBe(0);
    expect(board.device.flash.read(0x300000, 4)).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    expect(board.device.flash.read(0, 4)[3]).toBe(0x40);
  });

  it("--chip refuses another chip before writing (exit 3)", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const run = await runCli([
      "flash",
      `${firmware.path}@0`,
      "--port",
      board.url,
      "--chip",
      "ESP32",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("--chip ESP32 was given, but the board is an ESP8266");
    expect(run.stderr).toContain("Nothing was written: the flash is unchanged.");
    expect(board.device.flash.usedSectors).toBe(0);
  });

  it("refuses an ESP8266 image offered to an ESP32-C3 before writing (exit 3)", async () => {
    board = await serveBoard({ chip: "ESP32-C3", flashSize: "4MB" });
    const run = await runCli(["--json", "flash", `${firmware.path}@0x0`, "--port", board.url]);
    expect(run.code).toBe(3);
    expect(json(run)).toMatchObject({
      ok: false,
      error: {
        code: "image-wrong-chip",
        message: expect.stringContaining("is an ESP8266 image, not an ESP32-C3 image"),
      },
      flashState: expect.stringContaining("Nothing was written"),
    });
    expect(board.device.flash.usedSectors).toBe(0);
  });

  it("refuses bad input with the typed error's advice and exit 3, without touching the board", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const hex = writeManifest(
      tmp.dir,
      {
        name: "x",
        builds: [{ chipFamily: "ESP8266", parts: [{ path: "micropython.bin", offset: "0x0" }] }],
      },
      "hex.json",
    );
    const bad = await runCli(["flash", hex, "--port", board.url]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("builds[0].parts[0].offset: must be a number");
    expect(bad.stderr).toContain("JSON has no hex numbers");
    const missing = writeManifest(
      tmp.dir,
      { name: "x", builds: [{ chipFamily: "ESP8266", parts: [{ path: "gone.bin", offset: 0 }] }] },
      "missing.json",
    );
    const gone = json(await runCli(["--json", "flash", missing, "--port", board.url]));
    expect(gone).toMatchObject({
      ok: false,
      exitCode: 3,
      error: { code: "file-not-found" },
      flashState: "Nothing was written: the flash is unchanged.",
    });
    const noOffset = await runCli(["flash", firmware.path, "--port", board.url]);
    expect(noOffset.code).toBe(3);
    expect(noOffset.stderr).toContain("has no offset");
    const tooBig = await runCli(["flash", `${firmware.path}@0x3f0000`, "--port", board.url]);
    expect(tooBig.code).toBe(3);
    expect(tooBig.stderr).toContain("but the flash is 4MB");
    expect(board.device.flash.usedSectors).toBe(0);
  });

  it("a flash chip that fails a write is exit 5, with the address and what the flash holds", async () => {
    board = await serveBoard({
      chip: "ESP8266",
      flashSize: "4MB",
      faults: [{ kind: "flash-write-error", atAddress: 0x20000 }],
    });
    const run = await runCli(["--json", "flash", `${firmware.path}@0`, "--port", board.url]);
    expect(run.code).toBe(5);
    const result = json(run);
    expect(result).toMatchObject({
      ok: false,
      exitCode: 5,
      error: { code: "flash-write-failed", step: "writing" },
    });
    // The session's own account: the part it was writing.
    expect(result.flashState).toMatch(
      /micropython\.bin at 0x0 is incomplete \(stopped near 0x[0-9a-f]+\): the firmware will not run as it is\. Flash again to finish\.$/,
    );
  });

  it("a board that does not answer is exit 4 with advice", async () => {
    const run = await runCli([
      "flash",
      `${firmware.path}@0`,
      "--port",
      `socket://127.0.0.1:${await deadPort()}`,
    ]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/error: .*\n {2}\S/);
  });

  it("usage errors are exit 2", async () => {
    expect((await runCli(["flash"])).code).toBe(2);
    expect((await runCli(["flash", "x.bin@0", "--baud", "fast"])).code).toBe(2);
    expect((await runCli(["frobnicate"])).code).toBe(2);
  });

  it("Ctrl-C while writing stops cleanly (exit 130) and says the flash is partly written", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB", timing: "realtime" });
    const cli = startCli(["flash", `${firmware.path}@0`, "--port", board.url, "--baud", "115200"]);
    await cli.waitFor(/writing \S*micropython.bin [1-9]0%/);
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/aborted during write/);
    expect(run.stderr).toMatch(
      /micropython\.bin at 0x0 is incomplete \(stopped near 0x[0-9a-f]+\): the firmware will not run/,
    );
    expect(board.device.flash.read(0, firmware.data.length)).not.toEqual(
      patchedHeader(firmware.data, 0x40),
    );
  });

  it("Ctrl-C while connecting says nothing was written (--json)", async () => {
    // A link that never answers: the CLI is still trying to sync when Ctrl-C comes.
    const silent = createServer();
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const connected = new Promise((resolve) => silent.once("connection", resolve));
    const cli = startCli([
      "--json",
      "flash",
      `${firmware.path}@0`,
      "--port",
      `socket://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    ]);
    await connected;
    cli.child.kill("SIGINT");
    const result = json(await cli.done);
    silent.close();
    expect(result).toMatchObject({
      ok: false,
      exitCode: 130,
      error: { code: "aborted", step: "connecting" },
      flashState: "Nothing was written: the flash is unchanged.",
    });
  });
});
