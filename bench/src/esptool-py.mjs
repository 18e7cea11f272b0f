// esptool.py v5.0.0 against `virtual-esp serve`'s bridge on the same device model and image:
// `write-flash --flash-size detect` at 921600, as users run it. Needs esptool's v5.0.0 source
// (ESPTOOL_PY_DIR, default /tmp/esptool-5.0.0: `git archive v5.0.0` of espressif/esptool) and
// Debian's python3-serial, -intelhex, -rich, -rich-click, -click.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualEsp, serveSerial } from "@esp-flash/virtual-device/node";
import { traceCommands } from "./command-time.mjs";

export const ESPTOOL_DIR = process.env.ESPTOOL_PY_DIR ?? "/tmp/esptool-5.0.0";
export const PYTHON = process.env.ESPTOOL_PYTHON ?? "/usr/bin/python3";

export function esptoolAvailable() {
  return existsSync(join(ESPTOOL_DIR, "esptool", "__init__.py")) && existsSync(PYTHON);
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ["-m", "esptool", ...args], {
      cwd: ESPTOOL_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`esptool exited ${code}: ${output.slice(-500)}`)),
    );
  });
}

/** One esptool.py write of `workload` (parts at their offsets) on a board with `board`'s link; device-clock and wall seconds from connect to disconnect. */
export async function esptoolFlash(workload, timing, board = {}) {
  const device = new VirtualEsp({ chip: workload.chip, flashSize: "4MB", timing, ...board });
  const commands = traceCommands(device);
  const dir = mkdtempSync(join(tmpdir(), "bench-esptool-"));
  const files = workload.parts.map((part, i) => {
    const file = join(dir, `part${i}.bin`);
    writeFileSync(file, part.data);
    return [`0x${part.offset.toString(16)}`, file];
  });
  let connectedAt = 0;
  let closedAt = 0;
  let connectedMs = 0;
  const server = await serveSerial(device, {
    port: 0,
    log: (line) => {
      if (/connected$/.test(line) && !/dis/.test(line))
        [connectedAt, connectedMs] = [performance.now(), device.clock.elapsedMs];
      if (/client disconnected/.test(line)) closedAt = performance.now();
    },
  });
  try {
    const output = await run([
      "--port",
      server.url,
      "--baud",
      "921600",
      "--before",
      "no-reset",
      "write-flash",
      "--flash-size",
      "detect",
      ...files.flat(),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const verified = /Hash of data verified/.test(output);
    return {
      deviceSeconds: (device.clock.elapsedMs - connectedMs) / 1000,
      wallSeconds: ((closedAt || performance.now()) - connectedAt) / 1000,
      verified,
      commands: commands.summary(),
    };
  } finally {
    await server.close();
  }
}
