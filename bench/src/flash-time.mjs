// Flash time on the virtual clock: our session at its default rate, the ESP Web Tools way
// (esptool-js writeFlash at 115200, keep, compressed, no verify), the physical bound (the
// slower of the wire at our rate and the flash's erase + program), and a re-flash.
import { flash } from "@esp-flash/core";
import { VirtualEsp, VirtualSerialPort, makeSampleFirmware } from "@esp-flash/virtual-device";
import { ESPLoader, Transport } from "esptool-js";
import { flashSeconds } from "./link-classes.mjs";
import { fetchFor, imageBytes, manifestFor } from "./workload.mjs";
import { deflate } from "pako";

const QUIET = { clean() {}, write() {}, writeLine() {} };

/** The two images users flash most: MicroPython's ESP8266 layout and an ESP32 merged image. */
export function workloads() {
  const micropython = makeSampleFirmware("micropython-esp8266");
  const merged = makeSampleFirmware("esp32-merged");
  return [
    {
      name: "ESP8266 MicroPython",
      chip: "ESP8266",
      parts: [{ offset: 0, data: micropython.parts[0].data }],
    },
    { name: "ESP32 merged", chip: "ESP32", parts: [{ offset: 0, data: merged.merged }] },
  ];
}

const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const megabytes = (workload) => imageBytes(workload) / (1024 * 1024);

async function ourSession(device, workload) {
  const before = device.clock.elapsedMs;
  const cpu = process.cpuUsage();
  const result = await flash({
    port: new VirtualSerialPort(device),
    manifest: manifestFor(workload),
    fetch: fetchFor(workload),
  });
  return {
    seconds: (device.clock.elapsedMs - before) / 1000,
    baud: result.baudRate,
    outcome: result.outcome,
    cpuMsPerMB: cpuMs(process.cpuUsage(cpu)) / megabytes(workload),
  };
}

async function espWebToolsWay(workload) {
  const device = new VirtualEsp({ chip: workload.chip, flashSize: "4MB" });
  const cpu = process.cpuUsage();
  const loader = new ESPLoader({
    transport: new Transport(new VirtualSerialPort(device)),
    baudrate: 115200,
    terminal: QUIET,
  });
  await loader.main();
  await loader.writeFlash({
    fileArray: workload.parts.map((part) => ({ address: part.offset, data: part.data.slice() })),
    flashMode: "keep",
    flashFreq: "keep",
    flashSize: "keep",
    eraseAll: false,
    compress: true,
  });
  await loader.after("hard_reset");
  await loader.transport.disconnect();
  return {
    seconds: device.clock.elapsedMs / 1000,
    cpuMsPerMB: cpuMs(process.cpuUsage(cpu)) / megabytes(workload),
  };
}

export async function measureFlashTime() {
  const rows = [];
  for (const workload of workloads()) {
    const device = new VirtualEsp({ chip: workload.chip, flashSize: "4MB" });
    const ours = await ourSession(device, workload);
    const again = await ourSession(device, workload);
    const ewt = await espWebToolsWay(workload);
    const deflated = workload.parts.reduce(
      (sum, part) => sum + deflate(part.data, { level: 9 }).length,
      0,
    );
    const wireSeconds = (deflated * 10) / ours.baud;
    const flashOnlySeconds = flashSeconds(workload);
    const boundSeconds = Math.max(wireSeconds, flashOnlySeconds);
    rows.push({
      workload: workload.name,
      imageBytes: imageBytes(workload),
      deflatedBytes: deflated,
      baud: ours.baud,
      oursSeconds: ours.seconds,
      espWebToolsSeconds: ewt.seconds,
      oursCpuMsPerMB: ours.cpuMsPerMB,
      espWebToolsCpuMsPerMB: ewt.cpuMsPerMB,
      wireSeconds,
      flashOnlySeconds,
      boundSeconds,
      reflashSeconds: again.seconds,
      reflashOutcome: again.outcome,
      oursOverBound: ours.seconds / boundSeconds,
      espWebToolsOverOurs: ewt.seconds / ours.seconds,
      reflashOverFull: again.seconds / ours.seconds,
    });
  }
  return rows;
}
