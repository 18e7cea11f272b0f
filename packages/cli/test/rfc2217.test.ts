import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { track } from "./helpers/children.js";
import { PACKAGE, json, runCli } from "./helpers/cli.js";
import { serveBoard, tempDir, writeMicroPython } from "./helpers/boards.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A Python 3 with pyserial (Debian: python3-serial; .ci/run installs it). */
function python(): string {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(candidate, ["-c", "import serial.rfc2217"]).status === 0) return candidate;
  }
  throw new Error(
    "The RFC 2217 tests need Python 3 with pyserial (Debian: apt-get install python3-serial; .ci/run installs it).",
  );
}

/** pyserial's RFC 2217 PortManager in front of a socket:// board; its stdout records the line changes. */
async function rfc2217Server(socketUrl: string) {
  const child = track(
    spawn(python(), [join(PACKAGE, "test", "fixtures", "rfc2217_server.py"), socketUrl], {
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const closed = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", () => reject(new Error(`rfc2217 server exited: ${out}${err}`)));
  });
  return { url: `rfc2217://127.0.0.1:${port}`, log: () => out, closed, stop: () => child.kill() };
}

describe("rfc2217:// against pyserial's RFC 2217 server", () => {
  it("flashes through it: baud rate and DTR/RTS reset reach the far port, in order", async () => {
    const board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const firmware = writeMicroPython(tmp.dir, 11);
    const server = await rfc2217Server(board.url);
    try {
      const run = await runCli(["--json", "flash", `${firmware.path}@0`, "--port", server.url]);
      expect(run.code, run.stderr).toBe(0);
      expect(json(run)).toMatchObject({
        ok: true,
        outcome: "flashed",
        flashSize: "4MB",
        baudRate: 921600,
      });
      expect(board.device.flash.read(0, 4)).toEqual(new Uint8Array([0xe9, 0x03, 0x00, 0x40]));
      await server.closed;
      const lines = server.log().split("\n");
      // The ROM auto-bauds on SYNC, so the link opens straight at 921600 (no fallback needed here).
      expect(lines.find((l) => l.startsWith("BAUD"))).toBe("BAUD 921600");
      expect(lines).not.toContain("BAUD 115200");
      // Classic auto-reset into download mode: IO0 low (DTR) while EN is released (RTS 0) …
      const resetIntoLoader = lines.indexOf("DTR 1", lines.indexOf("RTS 1"));
      expect(resetIntoLoader).toBeGreaterThan(-1);
      expect(lines.indexOf("RTS 0", resetIntoLoader)).toBeGreaterThan(resetIntoLoader);
      // … and after flashing, the reset into the firmware (D0|R1|W100|R0; DTR is already 0, so not resent).
      const tail = lines.filter((l) => /^(DTR|RTS)/.test(l)).slice(-3);
      expect(tail).toEqual(["DTR 0", "RTS 1", "RTS 0"]);
    } finally {
      server.stop();
      await board.close();
    }
  });

  it("a raw socket:// server is not taken for RFC 2217 (clear error, exit 4)", async () => {
    const board = await serveBoard({ chip: "ESP32" });
    try {
      const run = await runCli(["info", "--port", board.url.replace("socket://", "rfc2217://")]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("did not agree to RFC 2217");
    } finally {
      await board.close();
    }
  });
});
