// What scripts and people are promised (issue 25, points 4–6): one JSON shape for every
// command and every failure, a flash-state line for every way of stopping, mistakes refused
// before a board is touched, and the CLI's own words.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SerialPort } from "serialport";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import type { VirtualEspServer } from "@esp-flash/virtual-device/node";
import { deadPort, serveBoard, tempDir, writeMicroPython } from "./helpers/boards.js";
import { json, runCli, startCli } from "./helpers/cli.js";
import { ptyBridge } from "./helpers/pty.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

interface Doc {
  ok: boolean;
  exitCode: number;
  command: string | null;
  error?: { code: string; message: string; advice?: string };
  flashState?: string;
  warnings?: string[];
  [key: string]: unknown;
}

describe("--json: one shape for every command, success and failure", () => {
  let board: VirtualEspServer | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it("info, read, erase and manifest say ok, exitCode and command", async () => {
    board = await serveBoard({ chip: "ESP32-C3", flashSize: "2MB" });
    const info = json<Doc>(await runCli(["--json", "info", "--port", board.url]));
    expect(info).toMatchObject({ ok: true, exitCode: 0, command: "info" });
    const out = join(tmp.dir, "r.bin");
    const read = json<Doc>(await runCli(["--json", "read", "0", "4K", "-o", out, "-p", board.url]));
    expect(read).toMatchObject({ ok: true, exitCode: 0, command: "read", length: 4096 });
    const erase = json<Doc>(await runCli(["--json", "erase", "--port", board.url]));
    expect(erase).toMatchObject({ ok: true, exitCode: 0, command: "erase", erased: true });
    const fw = writeMicroPython(tmp.dir, 31);
    const manifest = json<Doc>(
      await runCli([
        "--json",
        "manifest",
        `${fw.path}@0`,
        "--chip",
        "ESP8266",
        "-o",
        join(tmp.dir, "m.json"),
      ]),
    );
    expect(manifest).toMatchObject({ ok: true, exitCode: 0, command: "manifest" });
  });

  it("a bad command line prints a JSON document too (exit 2)", async () => {
    const cases: [string[], string | null, RegExp][] = [
      [["--json", "frobnicate"], null, /unknown command 'frobnicate'/],
      [["--json", "read", "0"], "read", /required/],
      [["--json", "flash", "x.bin@0", "--baud", "12"], "flash", /baud rate/],
    ];
    for (const [args, command, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      const doc = json<Doc>(run);
      expect(doc).toMatchObject({ ok: false, exitCode: 2, command, error: { code: "usage" } });
      expect(doc.error!.message).toMatch(message);
      expect(doc.error!.advice).toMatch(/--help/);
    }
  });

  it("a failed read is a JSON document with ok false and the flash state", async () => {
    const run = await runCli([
      "--json",
      "read",
      "0",
      "16",
      "-o",
      join(tmp.dir, "x.bin"),
      "-p",
      `socket://127.0.0.1:${await deadPort()}`,
    ]);
    expect(run.code).toBe(4);
    expect(json<Doc>(run)).toMatchObject({
      ok: false,
      exitCode: 4,
      command: "read",
      error: { code: "port-open-failed" },
      flashState: "Only reads were made: the flash is unchanged.",
    });
  });
});

describe("stopping: every signal ends with what the flash holds", () => {
  let board: VirtualEspServer | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)(
    "%s mid-write: exit %i, a flash-state line, and with --json one document",
    async (signal, code) => {
      const fw = writeMicroPython(tmp.dir, 32);
      for (const asJson of [false, true]) {
        board = await serveBoard({ chip: "ESP8266", flashSize: "4MB", timing: "realtime" });
        const cli = startCli([
          ...(asJson ? ["--json", "--verbose"] : []),
          "flash",
          `${fw.path}@0`,
          "--port",
          board.url,
          "--baud",
          "115200",
        ]);
        await cli.waitFor(asJson ? /Compressed \d+ bytes/ : /writing \S*micropython.bin [1-9]0%/);
        await new Promise((r) => setTimeout(r, 300));
        cli.child.kill(signal);
        const run = await cli.done;
        expect(run.code, run.stderr).toBe(code);
        if (asJson)
          expect(json<Doc>(run)).toMatchObject({
            ok: false,
            exitCode: code,
            command: "flash",
            error: { code: "aborted" },
            flashState: expect.stringMatching(/micropython\.bin at 0x0 is incomplete/),
          });
        else expect(run.stderr).toMatch(/micropython\.bin at 0x0 is incomplete/);
        await board.close();
        board = undefined;
      }
    },
  );

  it("Ctrl-C twice in quick succession still says what the flash holds", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB", timing: "realtime" });
    const fw = writeMicroPython(tmp.dir, 33);
    const cli = startCli(["flash", `${fw.path}@0`, "--port", board.url, "--baud", "115200"]);
    await cli.waitFor(/writing \S*micropython.bin [1-9]0%/);
    cli.child.kill("SIGINT");
    // The second one while the first is still closing the port (signals sent back to back merge).
    await new Promise((r) => setTimeout(r, 30));
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr, run.stderr).toMatch(/partly written|is incomplete/);
  });
});

describe("refused before a board is touched", () => {
  it("read -o into a folder that does not exist: exit 3 at once, no board needed", async () => {
    const run = await runCli([
      "read",
      "0",
      "4M",
      "-o",
      join(tmp.dir, "missing", "dir", "x.bin"),
      "--port",
      `socket://127.0.0.1:${await deadPort()}`,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("does not exist");
    expect(run.stderr).not.toContain("ENOENT");
    expect(run.stderr).not.toContain("Could not open a connection");
  });

  it("--flash-size 3MB and --flash-mode xyz are refused before connecting (exit 2)", async () => {
    const fw = writeMicroPython(tmp.dir, 34);
    const dead = `socket://127.0.0.1:${await deadPort()}`;
    const size = await runCli(["flash", `${fw.path}@0`, "-p", dead, "--flash-size", "3MB"]);
    expect(size.code).toBe(2);
    expect(size.stderr).toContain("--flash-size 3MB is not a flash size");
    const mode = await runCli(["flash", `${fw.path}@0`, "-p", dead, "--flash-mode", "xyz"]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain("--flash-mode xyz is not a flash mode");
  });

  it("a missing offset and a bad one are the same mistake (bad-offset, exit 3)", async () => {
    const fw = writeMicroPython(tmp.dir, 35);
    const dead = `socket://127.0.0.1:${await deadPort()}`;
    const missing = json<Doc>(await runCli(["--json", "flash", fw.path, "-p", dead]));
    const bad = json<Doc>(await runCli(["--json", "flash", `${fw.path}@0xZZ`, "-p", dead]));
    expect(missing).toMatchObject({ exitCode: 3, error: { code: "bad-offset" } });
    expect(bad).toMatchObject({ exitCode: 3, error: { code: "bad-offset" } });
  });

  it("a bare 0x0 in manifest JSON gets the hint", async () => {
    const path = join(tmp.dir, "bare.json");
    writeFileSync(
      path,
      '{"name":"x","builds":[{"chipFamily":"ESP8266","parts":[{"path":"a.bin","offset":0x0}]}]}',
    );
    const run = await runCli(["flash", path, "-p", "socket://127.0.0.1:1"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("JSON has no hex numbers: write 0 for 0x0.");
  });
});

describe("ports: busy and refused", () => {
  it("a pty locked by another process is port-busy (exit 4), not a failure with unplug advice", async () => {
    const board = await serveBoard({ chip: "ESP32-C3" });
    const pty = await ptyBridge(board.url, tmp.dir, "ttyBusy");
    const holder = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => holder.open((e) => (e ? reject(e) : resolve())));
      const run = await runCli(["--json", "info", "--port", pty.path]);
      expect(run.code).toBe(4);
      const doc = json<Doc>(run);
      expect(doc.error).toMatchObject({ code: "port-busy" });
      expect(doc.error!.advice).toMatch(/Close the program/);
      expect(doc.error!.advice).not.toMatch(/unplug|USB cable/i);
    } finally {
      if (holder.isOpen) await new Promise<void>((resolve) => holder.close(() => resolve()));
      pty.close();
      await board.close();
    }
  });

  it("a refused TCP connection gets server advice, not USB-cable advice", async () => {
    const fw = writeMicroPython(tmp.dir, 36);
    const run = await runCli([
      "flash",
      `${fw.path}@0`,
      "-p",
      `socket://127.0.0.1:${await deadPort()}`,
    ]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("Check that the serial server at 127.0.0.1:");
    expect(run.stderr).not.toMatch(/USB cable|driver/);
  });
});

describe("info, read all, warnings", () => {
  let board: VirtualEspServer | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it("info says what firmware the flash holds, and nothing when it is erased", async () => {
    const firmware = makeSampleFirmware("esp32-merged", { chip: "ESP32", seed: 5 }).merged!;
    board = await serveBoard({ chip: "ESP32", flashSize: "4MB", flashContents: firmware });
    const text = await runCli(["info", "--port", board.url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/firmware +bootloader, .* at 0x10000/);
    const doc = json<Doc>(await runCli(["--json", "info", "--port", board.url]));
    expect(doc.firmware).toMatchObject({
      kind: "esp-idf",
      bootloader: true,
      app: { offset: 0x10000 },
    });
    await board.close();
    board = await serveBoard({ chip: "ESP32-C3", flashSize: "4MB" });
    const empty = await runCli(["info", "--port", board.url]);
    expect(empty.stdout).toMatch(/firmware +none \(the flash is erased/);
  });

  it("read 0 all reads the whole flash, its size from the flash ID", async () => {
    board = await serveBoard({ chip: "ESP32-C3", flashSize: "1MB" });
    board.device.flash.program(0xff000, new Uint8Array([1, 2, 3, 4]));
    const out = join(tmp.dir, "all.bin");
    const run = await runCli(["--json", "read", "0", "all", "-o", out, "--port", board.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(json<Doc>(run)).toMatchObject({ ok: true, offset: 0, length: 0x100000 });
    const data = readFileSync(out);
    expect(data.length).toBe(0x100000);
    expect([...data.subarray(0xff000, 0xff004)]).toEqual([1, 2, 3, 4]);
  });

  it("a part off a 4 KB sector start is warned about, in text and in --json", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const fw = writeMicroPython(tmp.dir, 37);
    const run = await runCli(["--json", "flash", `${fw.path}@0x1100`, "--port", board.url]);
    const doc = json<Doc>(run);
    expect(doc.warnings).toEqual([
      expect.stringMatching(
        /0x1100 is not at the start of a 4 KB flash sector: writing there erases 0x1000–0x10ff/,
      ),
    ]);
  });
});
