import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { patchedHeader, tempDir, writeManifest, writeMicroPython } from "./helpers/boards.js";
import { json, PACKAGE, runCli, startCli } from "./helpers/cli.js";
import { track } from "./helpers/children.js";
import { ptyBridge } from "./helpers/pty.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/** `virtual-esp serve` as a user starts it: its own process, port 0, URL read from its output. */
async function spawnServe(args: string[]) {
  const bin = join(
    PACKAGE,
    "node_modules",
    "@esp-flash",
    "virtual-device",
    "bin",
    "virtual-esp.js",
  );
  const child = track(
    spawn(process.execPath, [bin, "serve", "--port", "0", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /serving on (socket:\/\/[\d.]+:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", () => reject(new Error(`virtual-esp serve exited: ${out}`)));
  });
  return { url, stop: () => child.kill("SIGINT") };
}

describe("`virtual-esp serve` over socket://, as in the issue", () => {
  it("esp-flash flash manifest.json --port socket://… flashes MicroPython patched to 4MB; read gives it back", async () => {
    const firmware = writeMicroPython(tmp.dir, 3);
    const manifest = writeManifest(tmp.dir, {
      name: "MicroPython",
      builds: [{ chipFamily: "ESP8266", parts: [{ path: "micropython.bin", offset: 0 }] }],
    });
    const serve = await spawnServe(["--chip", "ESP8266", "--flash-size", "4MB"]);
    try {
      const flash = await runCli(["flash", manifest, "--port", serve.url]);
      expect(flash.code, flash.stderr).toBe(0);
      expect(flash.stderr).toContain("micropython.bin at 0x0: header 1MB → 4MB");
      expect(flash.stdout).toContain("written and verified");
      const out = join(tmp.dir, "socket-readback.bin");
      const read = await runCli([
        "read",
        "0",
        String(firmware.data.length),
        "-o",
        out,
        "--port",
        serve.url,
      ]);
      expect(read.code, read.stderr).toBe(0);
      const back = new Uint8Array(readFileSync(out));
      expect(back).toEqual(patchedHeader(firmware.data, 0x40));
    } finally {
      serve.stop();
    }
  });
});

describe("a real tty: serialport on a socat pty bridged to `virtual-esp serve`", () => {
  it("flashes MicroPython on an ESP8266 patched to 4MB, verified, then reads it back", async () => {
    const firmware = writeMicroPython(tmp.dir, 7);
    const manifest = writeManifest(tmp.dir, {
      name: "MicroPython",
      builds: [{ chipFamily: "ESP8266", parts: [{ path: "micropython.bin", offset: 0 }] }],
    });
    const serve = await spawnServe(["--chip", "ESP8266", "--flash-size", "4MB"]);
    try {
      const flashPty = await ptyBridge(serve.url, tmp.dir, "ttyFlash");
      const flash = await runCli(["--json", "flash", manifest, "--port", flashPty.path]);
      flashPty.close();
      expect(flash.code, flash.stderr).toBe(0);
      // The baud rate really changed on the tty (serialport's update), and the board was verified.
      expect(json(flash)).toMatchObject({
        ok: true,
        outcome: "flashed",
        flashSize: "4MB",
        baudRate: 921600,
        patches: ["micropython.bin: header 1MB → 4MB"],
      });

      const readPty = await ptyBridge(serve.url, tmp.dir, "ttyRead");
      const out = join(tmp.dir, "readback.bin");
      const read = await runCli([
        "read",
        "0",
        String(firmware.data.length),
        "-o",
        out,
        "--port",
        readPty.path,
      ]);
      readPty.close();
      expect(read.code, read.stderr).toBe(0);
      // A pty has no modem lines: the CLI says the board cannot be reset from here, and carries on.
      expect(read.stderr).toContain("has no DTR/RTS lines");
      const back = new Uint8Array(readFileSync(out));
      expect(back.subarray(0, 4)).toEqual(new Uint8Array([0xe9, 0x03, 0x00, 0x40]));
      expect(back.subarray(4)).toEqual(firmware.data.subarray(4));
    } finally {
      serve.stop();
    }
  });

  it("a board lost mid-write is reported as lost (exit 4) with the flash state, not a hang", async () => {
    writeMicroPython(tmp.dir, 8);
    const serve = await spawnServe(["--chip", "ESP8266", "--realtime"]);
    const pty = await ptyBridge(serve.url, tmp.dir, "ttyLost");
    const cli = startCli(["flash", "micropython.bin@0", "--port", pty.path, "--baud", "115200"], {
      cwd: tmp.dir,
    });
    await cli.waitFor(/writing micropython.bin [1-9]0%/);
    serve.stop(); // the far end goes away: socat closes the pty under the CLI
    const run = await cli.done;
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/stopped answering|lost/i);
    expect(run.stderr).toMatch(/micropython\.bin at 0x0 is incomplete/);
  });
});
