import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { makeSampleFirmware, type VirtualEsp } from "@esp-flash/virtual-device";
import type { VirtualEspServer } from "@esp-flash/virtual-device/node";
import { serveBoard, tempDir, writeMicroPython } from "./helpers/boards.js";
import { json, runCli } from "./helpers/cli.js";
import { ptyBridge } from "./helpers/pty.js";
import { rfc2217Server } from "./helpers/rfc2217.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/** The rates the chip's UART sent at (repeats folded) and the rate of its first SYNC reply. */
function chipRates(device: VirtualEsp) {
  const rates: number[] = [];
  let syncRate: number | undefined;
  const stop = device.onTransmit((bytes, baud) => {
    if (rates[rates.length - 1] !== baud) rates.push(baud);
    for (let i = 0; syncRate === undefined && i + 2 < bytes.length; i++)
      if (bytes[i] === 0xc0 && bytes[i + 1] === 0x01 && bytes[i + 2] === 0x08) syncRate = baud;
  });
  return { rates, syncRate: () => syncRate, stop };
}

type Link = "socket://" | "pty (socat)" | "rfc2217://" | "rfc2217:// (pyserial)";

/** A port of the given kind onto the board, and how to end it. */
async function portOnto(link: Link, board: VirtualEspServer, name: string) {
  if (link === "socket://") return { port: board.url, close: () => undefined };
  if (link === "rfc2217://") return { port: board.url, close: () => undefined };
  if (link === "pty (socat)") {
    const pty = await ptyBridge(board.url, tmp.dir, name);
    return { port: pty.path, close: () => pty.close() };
  }
  const server = await rfc2217Server(board.url);
  return { port: server.url, close: () => server.stop() };
}

/** A 4MB board served as `link` needs: the virtual board's own RFC 2217 server, else a raw socket. */
function serveBoardFor(link: Link, chip: "ESP8266" | "ESP32" | "ESP32-C3") {
  return serveBoard({
    chip,
    flashSize: "4MB",
    ...(link === "rfc2217://" ? { protocol: "rfc2217" as const } : {}),
  });
}

/** `esp-flash --json --verbose flash` of a 64 KB sample app for `chip`, at its own offset. */
function flashApp(chip: "ESP8266" | "ESP32" | "ESP32-C3", port: string, more: string[] = []) {
  const app = makeSampleFirmware("app", { chip, size: 64 * 1024 }).parts[0]!;
  const file = join(tmp.dir, `app-${chip}.bin`);
  writeFileSync(file, app.data);
  return runCli([
    "--json",
    "--verbose",
    "flash",
    `${file}@0x${app.offset.toString(16)}`,
    "--port",
    port,
    ...more,
  ]);
}

// The rate --json reports must be the rate the chip itself answered at: the first sync at the
// ROM's 115200, then a CHANGE_BAUDRATE the chip acknowledged (issue 25, point 1).
describe("the baud rate and the restart are what the chip did, over every port form", () => {
  let board: VirtualEspServer | undefined;
  let close: () => void = () => undefined;
  afterEach(async () => {
    close();
    await board?.close();
    board = undefined;
  });

  it.each<[Link, "ESP8266" | "ESP32-C3"]>([
    ["socket://", "ESP8266"],
    ["socket://", "ESP32-C3"],
    ["pty (socat)", "ESP8266"],
    ["rfc2217://", "ESP8266"],
    ["rfc2217:// (pyserial)", "ESP8266"],
  ])(
    "%s, %s: synced at 115200, raised by CHANGE_BAUDRATE to 921600, restart as it happened",
    async (link, chip) => {
      board = await serveBoardFor(link, chip);
      const seen = chipRates(board.device);
      const opened = await portOnto(link, board, `ttyRate${chip}`);
      close = opened.close;
      const run = await flashApp(chip, opened.port);
      seen.stop();
      expect(run.code, run.stderr).toBe(0);
      expect(seen.syncRate()).toBe(115200);
      expect(seen.rates).toContain(921600);
      expect(json(run)).toMatchObject({ ok: true, baudRate: 921600 });
      // Only the virtual board's own RFC 2217 server carries DTR/RTS to the chip (pyserial's here
      // bridges to a raw socket): elsewhere the chip is still in the stub, and --json says so.
      const resets = link === "rfc2217://";
      expect(json(run).restart, run.stderr.slice(-1500)).toBe(resets ? "restarted" : "press-reset");
      expect(board.device.state).toBe(resets ? "running" : "stub");
      // No first sync at a rate the ROM was never at, so no miss to recover from.
      expect(run.stderr).not.toMatch(/No sync at/);
    },
  );

  // Above 921600 only where this run saw its own reset work: the way back from a rate the link
  // does not carry is a reset, which socket:// cannot send.
  it.each<[Link, number]>([
    ["rfc2217://", 3_000_000],
    ["socket://", 921600],
  ])("%s with --baud 3000000: the chip ends at %i baud, and --json says so", async (link, rate) => {
    board = await serveBoardFor(link, "ESP32");
    const seen = chipRates(board.device);
    const run = await flashApp("ESP32", board.url, ["--baud", "3000000"]);
    seen.stop();
    expect(run.code, run.stderr).toBe(0);
    expect(json(run)).toMatchObject({ ok: true, baudRate: rate });
    expect(Math.max(...seen.rates)).toBeLessThan(rate * 1.01);
    expect(Math.max(...seen.rates)).toBeGreaterThan(rate * 0.99);
    if (rate === 921600) expect(run.stderr).toMatch(/Not trying above 921600 baud: no boot output/);
  });

  it("--baud 115200 leaves the chip at 115200 and says 115200", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const seen = chipRates(board.device);
    const firmware = writeMicroPython(tmp.dir, 22);
    const run = await runCli([
      "--json",
      "flash",
      `${firmware.path}@0`,
      "--port",
      board.url,
      "--baud",
      "115200",
    ]);
    seen.stop();
    expect(run.code, run.stderr).toBe(0);
    expect(Math.max(...seen.rates)).toBe(115200);
    expect(json(run)).toMatchObject({ ok: true, baudRate: 115200 });
  });
});
