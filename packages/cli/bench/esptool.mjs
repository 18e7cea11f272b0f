// esp-flash vs esptool.py on the same virtual board: `flash micropython.bin@0` against
// `esptool.py write_flash --flash_size detect 0 micropython.bin` (both verify by MD5), each on a
// fresh `virtual-esp`-served ESP8266 (4MB) at 921600 baud, in instant mode (host CPU cost) and
// realtime mode (paced like a real board). esptool is not a dependency: point ESPTOOL at it,
// e.g. ESPTOOL="python3 /path/to/esptool.py" node bench/esptool.mjs
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSampleFirmware, startVirtualEspServer } from "@esp-flash/virtual-device/node";

const esptool = process.env.ESPTOOL?.split(" ");
if (!esptool) {
  console.log(
    'Set ESPTOOL to run esptool.py, e.g. ESPTOOL="python3 esptool/esptool.py"; skipping the comparison.',
  );
  process.exit(0);
}
const BIN = join(import.meta.dirname, "..", "bin", "esp-flash.js");
const dir = mkdtempSync(join(tmpdir(), "esp-flash-vs-esptool-"));
const image = join(dir, "micropython.bin");
const firmware = makeSampleFirmware("micropython-esp8266", { seed: 1 }).parts[0].data;
writeFileSync(image, firmware);

function time(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${command} exit ${code}: ${out}`)),
    );
  });
}

async function once(tool, timing) {
  const server = await startVirtualEspServer({
    chip: "ESP8266",
    flashSize: "4MB",
    timing,
    port: 0,
  });
  try {
    const seconds =
      tool === "esp-flash"
        ? await time(process.execPath, [
            BIN,
            "flash",
            `${image}@0`,
            "--port",
            server.url,
            "--baud",
            "921600",
          ])
        : await time(esptool[0], [
            ...esptool.slice(1),
            "--port",
            server.url,
            "--baud",
            "921600",
            "write_flash",
            "--flash_size",
            "detect",
            "0",
            image,
          ]);
    const head = server.device.flash.read(0, 4);
    if (head[3] !== 0x40) throw new Error(`${tool} did not patch the header to 4MB`);
    return seconds;
  } finally {
    await server.close();
  }
}

const figures = {};
try {
  for (const timing of ["instant", "realtime"]) {
    for (const tool of ["esp-flash", "esptool.py"]) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await once(tool, timing));
      runs.sort((a, b) => a - b);
      figures[`${tool} ${timing}`] = +runs[1].toFixed(2);
    }
  }
  console.log(
    JSON.stringify(
      {
        image: "MicroPython ESP8266 (614400 bytes) → 4MB board, 921600 baud, median of 3 (s)",
        ...figures,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
