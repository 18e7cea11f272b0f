// Protocol throughput of VirtualEsp in instant mode, driven by esptool-js 0.7.0 over
// VirtualSerialPort. Runs against dist/ (build first). Prints numbers; never fails on them.
//
// Two measurements per mode:
//  - live: esptool-js writes a 4 MB image; we time the whole write (client included).
//  - device: the exact host→device traffic of that session (signals and bytes) replayed
//    into a fresh VirtualEsp, timed alone — the device's own protocol throughput, free of
//    esptool-js's costs (0.7.0 re-inflates its compressed data byte by byte) and its GC.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { ESPLoader, Transport } from "esptool-js";
import { VirtualEsp, VirtualSerialPort, makeSampleFirmware } from "../dist/index.js";

const MB = 1024 * 1024;
const SIZE = 4 * MB;
const ADDRESS = 0x10000;
const GOAL = 20;
const DEVICE = { chip: "ESP32", flashSize: "8MB" };
const round = (n) => Math.round(n * 100) / 100;

/** Record what the host does to the device, in order, to replay it later. */
function record(device) {
  const events = [];
  const receive = device.receive.bind(device);
  const setSignals = device.setSignals.bind(device);
  device.receive = (bytes, baud) => {
    events.push({ bytes: bytes.slice(), baud });
    receive(bytes, baud);
  };
  device.setSignals = (signals) => {
    events.push({ signals });
    setSignals(signals);
  };
  return events;
}

async function live(compress, image) {
  const device = new VirtualEsp(DEVICE);
  const events = record(device);
  const port = new VirtualSerialPort(device);
  const transport = new Transport(port, false);
  transport.trace = () => {}; // 0.7.0 logs "readLoop exited" even with tracing off
  const loader = new ESPLoader({
    transport,
    baudrate: 921600,
    terminal: { clean() {}, write() {}, writeLine() {} },
  });
  await loader.main();
  const t = performance.now();
  await loader.writeFlash({
    fileArray: [{ data: image, address: ADDRESS }],
    flashMode: "keep",
    flashFreq: "keep",
    flashSize: "keep",
    eraseAll: false,
    compress,
  });
  const wallMs = performance.now() - t;
  const verified = Buffer.from(device.flash.read(ADDRESS, image.length)).equals(Buffer.from(image));
  await transport.disconnect();
  return { events, wallMs, verified };
}

function replay(events, image) {
  const device = new VirtualEsp(DEVICE);
  let wire = 0;
  device.onTransmit((bytes) => {
    wire += bytes.length;
  });
  const t = performance.now();
  for (const e of events) {
    if (e.signals) device.setSignals(e.signals);
    else {
      wire += e.bytes.length;
      device.receive(e.bytes, e.baud);
    }
  }
  const ms = performance.now() - t;
  const same = Buffer.from(device.flash.read(ADDRESS, image.length)).equals(Buffer.from(image));
  return { ms, wire, same, virtualSeconds: device.clock.elapsedMs / 1000 };
}

async function measure(compress, image) {
  const session = await live(compress, image);
  // Best of three: the first replay also pays for JIT warm-up.
  const replays = [0, 1, 2].map(() => replay(session.events, image));
  const best = replays.reduce((a, b) => (b.ms < a.ms ? b : a));
  return {
    mode: compress ? "compressed" : "uncompressed",
    imageBytes: image.length,
    wireBytes: best.wire,
    deviceMs: round(best.ms),
    deviceMBps: round(best.wire / MB / (best.ms / 1000)),
    imageMBps: round(image.length / MB / (best.ms / 1000)),
    liveMs: round(session.wallMs),
    liveMBps: round(image.length / MB / (session.wallMs / 1000)),
    virtualSeconds: round(best.virtualSeconds),
    verified: session.verified && best.same,
  };
}

const image = makeSampleFirmware("app", { chip: "ESP32", size: SIZE, flashSize: "8MB" }).parts[0]
  .data;
const results = [];
for (const compress of [false, true]) results.push(await measure(compress, image));

console.log(
  `VirtualEsp protocol throughput (ESP32, stub, 921600 baud, ${SIZE / MB} MB image, Node ${process.version})`,
);
for (const r of results) {
  console.log(
    `  ${r.mode.padEnd(12)} device ${String(r.deviceMBps).padStart(6)} MB/s protocol traffic` +
      ` (${(r.wireBytes / MB).toFixed(2)} MB in ${r.deviceMs} ms; ${r.imageMBps} MB/s of image)` +
      ` | live with esptool-js ${r.liveMBps} MB/s | virtual ${r.virtualSeconds} s | ${r.verified ? "verified" : "MISMATCH"}`,
  );
}
const slowest = Math.min(...results.map((r) => r.deviceMBps));
console.log(
  `  goal >= ${GOAL} MB/s protocol traffic: ${slowest >= GOAL ? "met" : "NOT met"} (slowest ${slowest} MB/s)`,
);
writeFileSync(
  new URL("./results.json", import.meta.url),
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, goalMBps: GOAL, results },
    null,
    2,
  ) + "\n",
);
