// Our session step by step: device-clock and realtime wall seconds per phase, host CPU per
// flashed MB, beside esptool.py v5.0.0 on the same device model and image.
import { FlashSession } from "@esp-flash/core";
import { VirtualEsp, VirtualSerialPort, makeSampleFirmware } from "@esp-flash/virtual-device";
import { traceCommands } from "./command-time.mjs";
import { esptoolAvailable, esptoolFlash } from "./esptool-py.mjs";
import { fetchFor, imageBytes, manifestFor } from "./workload.mjs";

const PHASES = {
  connecting: "sync",
  detecting: "identify (baud, stub, flash ID)",
  downloading: "download",
  preparing: "prepare + skip-check",
  writing: "erase + write",
  verifying: "final MD5 pass",
  resetting: "reset",
};

export function goalWorkloads() {
  const micropython = makeSampleFirmware("micropython-esp8266");
  const esp32 = makeSampleFirmware("esp32-merged", { chip: "ESP32", size: 1024 * 1024 });
  const s3 = makeSampleFirmware("esp32-merged", { chip: "ESP32-S3", size: 1024 * 1024 });
  return [
    {
      name: "ESP8266 MicroPython",
      chip: "ESP8266",
      parts: [{ offset: 0, data: micropython.parts[0].data }],
    },
    { name: "ESP32 merged", chip: "ESP32", parts: [{ offset: 0, data: esp32.merged }] },
    { name: "ESP32-S3 merged", chip: "ESP32-S3", parts: [{ offset: 0, data: s3.merged }] },
  ];
}

async function ours(workload, timing) {
  const device = new VirtualEsp({ chip: workload.chip, flashSize: "4MB", timing });
  const commands = traceCommands(device);
  const marks = [];
  const mark = (step) =>
    marks.push({ step, device: device.clock.elapsedMs, wall: performance.now() });
  const cpuBefore = process.cpuUsage();
  const session = new FlashSession({
    port: new VirtualSerialPort(device),
    manifest: manifestFor(workload),
    fetch: fetchFor(workload),
    // esptool.py's rate: the same-rate guard (link-classes.mjs measures the default rates).
    baudRate: 921600,
  });
  session.addEventListener("step", (e) => mark(e.detail.step));
  const result = await session.run();
  const cpu = process.cpuUsage(cpuBefore);
  const phases = {};
  for (let i = 0; i + 1 < marks.length; i++) {
    const name = PHASES[marks[i].step] ?? marks[i].step;
    const entry = (phases[name] ??= { deviceSeconds: 0, wallSeconds: 0 });
    entry.deviceSeconds += (marks[i + 1].device - marks[i].device) / 1000;
    entry.wallSeconds += (marks[i + 1].wall - marks[i].wall) / 1000;
  }
  const first = marks[0];
  const last = marks.at(-1);
  const mb = imageBytes(workload) / (1024 * 1024);
  return {
    deviceSeconds: (last.device - first.device) / 1000,
    wallSeconds: (last.wall - first.wall) / 1000,
    hostCpuMsPerMB: (cpu.user + cpu.system) / 1000 / mb,
    baud: result.baudRate,
    verified: result.parts.every((p) => p.verified),
    phases,
    commands: commands.summary(),
  };
}

export async function measureSessionPhases() {
  const rows = [];
  const esptool = esptoolAvailable();
  for (const workload of goalWorkloads()) {
    const instant = await ours(workload, "instant");
    const realtime = await ours(workload, "realtime");
    const row = {
      workload: workload.name,
      imageBytes: imageBytes(workload),
      ours: { instant, realtime },
    };
    if (esptool) {
      const device = await esptoolFlash(workload, "instant");
      const wall = await esptoolFlash(workload, "realtime");
      row.esptool = {
        deviceSeconds: device.deviceSeconds,
        realtimeWallSeconds: wall.wallSeconds,
        verified: device.verified && wall.verified,
        commands: device.commands,
      };
      row.oursOverEsptoolDevice = instant.deviceSeconds / device.deviceSeconds;
      row.oursOverEsptoolRealtime = realtime.wallSeconds / wall.wallSeconds;
    }
    rows.push(row);
  }
  return { esptool: esptool ? "v5.0.0" : "not available (set ESPTOOL_PY_DIR)", rows };
}
