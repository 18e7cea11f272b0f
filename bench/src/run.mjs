// `pnpm bench`: every figure side by side, printed as a table and written to
// bench/results.json; the README's benchmark table is refreshed from the same figures.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findChromium } from "../../scripts/find-chromium.mjs";
import { cpuInChromium, cpuInNode } from "./cpu.mjs";
import { writeDocFigures } from "./doc-figures.mjs";
import { measureFlashTime } from "./flash-time.mjs";
import { mainThreadInChromium } from "./main-thread.mjs";
import { measureEspWebTools, measureOurs, PAGE_COST_CHIPS as CHIPS } from "./page-cost.mjs";
import { machineFacts, renderTable, updateReadme, writeResults } from "./report.mjs";
import { measureSessionPhases } from "./session-phases.mjs";
import { measureLinkClasses } from "./link-classes.mjs";
import { measureCliVsEsptool } from "./cli-vs-esptool.mjs";
import { refreshCliReadme } from "./cli-readme.mjs";

const root = join(import.meta.dirname, "..", "..");
// Random fault runs per fault kind in the long run (BENCH_FAULT_SEEDS to change).
const FAULT_SEEDS = process.env.BENCH_FAULT_SEEDS ?? "40";

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

// esptool-js prints trace lines to the console even with tracing off.
const log = console.log;
console.log = (...args) => {
  if (!/^TRACE /.test(String(args[0]))) log(...args);
};

const machine = machineFacts();

const flashTime = await measureFlashTime();
const sessionPhases = await measureSessionPhases();
const linkClasses = await measureLinkClasses();
const cliVsEsptool = await measureCliVsEsptool();
const pageCost = { ours: measureOurs(CHIPS), espWebTools: measureEspWebTools(CHIPS) };
const nodeCpu = await cpuInNode();
const chromeCpu = await cpuInChromium(findChromium());
const mainThread = await mainThreadInChromium(findChromium());

function run(args, cwd, env = {}) {
  const result = spawnSync("pnpm", args, {
    cwd,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...env },
  });
  if (result.status !== 0)
    log(`(${args.join(" ")} in ${cwd} exited ${result.status}; its figures may be missing)`);
}
// The device alone, replaying esptool-js's traffic (packages/virtual-device/bench).
run(["exec", "node", "bench/throughput.mjs"], join(root, "packages/virtual-device"));
const emulator = readJson(join(root, "packages/virtual-device/bench/results.json"));
// The long randomised fault run of the reliability matrix (issue 8).
run(
  ["exec", "vitest", "run", "test/reliability/fault-matrix.test.ts"],
  join(root, "packages/core"),
  { FAULT_SEEDS },
);
const faults = readJson(join(root, "packages/core/test-results/fault-matrix.json"));

const results = {
  machine,
  flashTime,
  sessionPhases,
  linkClasses,
  cliVsEsptool,
  pageCost,
  cpu: {
    node: { ...nodeCpu, ratio: nodeCpu.oursMs / nodeCpu.pakoMs },
    chromium: { ...chromeCpu, ratio: chromeCpu.oursMs / chromeCpu.pakoMs },
  },
  mainThread,
  emulator,
  faults,
  goals: {
    oursOverBound: "≤ 1.15",
    oursOverEsptoolPy: "≤ 0.85 (device clock and realtime)",
    cliOverEsptoolPy: "≤ 1.10 over socket:// (esp-flash CLI ÷ esptool.py v5.0.0, whole command)",
    linkClasses:
      "ours ÷ esptool.py @ 921600: ≤ 0.5 on a 3 Mbaud bridge, ≤ 1.0 on a 921600 bridge (fallback included), ≤ 0.9 on USB-Serial/JTAG and USB-OTG; ours ÷ physical bound ≤ 1.2 on every link",
    espWebToolsOverOurs: "≥ 6",
    reflashOverFull: "≤ 0.10",
    upfrontGzip: "≤ 2048 B",
    cpuRatio: "≤ 1.10",
    emulatorMBps: "≥ 20",
  },
};

writeResults(results);
log(renderTable(results));
await updateReadme(results);
writeDocFigures(results.pageCost.ours, results.pageCost.espWebTools);
await refreshCliReadme(results.cliVsEsptool, machine);
