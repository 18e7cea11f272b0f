// Factory mode, wall clock: `esp-flash flash` on 8 boards at once ÷ on 1 board.
// Boards are virtual ESP8266s (4MB) in this process with realtime pacing, so each costs what a
// real board costs on the wire (921600 baud, NOR erase/program times); the CLI is the real
// binary in its own process. Usage: pnpm --filter @esp-flash/cli bench
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSampleFirmware, startVirtualEspServer } from "@esp-flash/virtual-device/node";

const BIN = join(import.meta.dirname, "..", "bin", "esp-flash.js");
const dir = mkdtempSync(join(tmpdir(), "esp-flash-bench-"));
const image = join(dir, "micropython.bin");
writeFileSync(image, makeSampleFirmware("micropython-esp8266", { seed: 1 }).parts[0].data);

function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

async function run(boards) {
  const servers = await Promise.all(
    Array.from({ length: boards }, (_, i) =>
      startVirtualEspServer({
        chip: "ESP8266",
        flashSize: "4MB",
        timing: "realtime",
        seed: i + 1,
        port: 0,
      }),
    ),
  );
  const started = performance.now();
  const result = await cli([
    "--json",
    "flash",
    `${image}@0`,
    ...servers.flatMap((s) => ["--port", s.url]),
  ]);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(servers.map((s) => s.close()));
  const ok = boards === 1 ? (result.ok ? 1 : 0) : result.ok;
  if (ok !== boards) throw new Error(`only ${ok} of ${boards} boards flashed`);
  return seconds;
}

try {
  const one = await run(1);
  const eight = await run(8);
  const figures = {
    image: "MicroPython ESP8266 (614400 bytes), 4MB boards, 921600 baud, realtime",
    oneBoardSeconds: +one.toFixed(2),
    eightBoardsSeconds: +eight.toFixed(2),
    ratio: +(eight / one).toFixed(2),
  };
  console.log(JSON.stringify(figures, null, 2));
  writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(figures, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
