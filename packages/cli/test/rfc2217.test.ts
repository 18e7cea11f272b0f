import { afterAll, describe, expect, it } from "vitest";
import { json, runCli } from "./helpers/cli.js";
import { rfc2217Server } from "./helpers/rfc2217.js";
import { serveBoard, tempDir, writeMicroPython } from "./helpers/boards.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

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
      // The first sync at the ROM's 115200, then the rate the stub was asked for.
      // (pyserial reports every reconfiguration, so repeats are folded.)
      const bauds = lines.filter((l, i) => l.startsWith("BAUD") && l !== lines[i - 1]);
      expect([...new Set(bauds)]).toEqual(["BAUD 115200", "BAUD 921600"]);
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
