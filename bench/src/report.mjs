// Renders bench results as one Markdown table (printed, and kept in the README), and writes
// bench/results.json, the one place the docs take their figures from.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import { linkClassRows } from "./link-classes.mjs";
import { cliRows } from "./cli-vs-esptool.mjs";

const root = join(import.meta.dirname, "..", "..");
export const RESULTS_PATH = join(root, "bench", "results.json");

export function readResults() {
  return JSON.parse(readFileSync(RESULTS_PATH, "utf8"));
}

/** The machine a run measured on, as every results section states it. */
export function machineFacts() {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function writeResults(results) {
  writeFileSync(RESULTS_PATH, JSON.stringify(results, null, 2) + "\n");
}

/** Puts the table between the README's bench markers, in Prettier's layout (the format check). */
export async function updateReadme(results) {
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const marked = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
  if (!marked.test(readme)) return;
  const updated = readme.replace(marked, `$1${renderTable(results)}\n$2`);
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  writeFileSync(readmePath, await prettier.format(updated, { ...options, filepath: readmePath }));
}
const s = (x) => `${x.toFixed(2)} s`;
const r = (x) => x.toFixed(2);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function rows(results) {
  const out = [];
  for (const row of results.flashTime) {
    out.push([
      `Flash ${row.workload} (${kb(row.imageBytes)}), our session @ ${row.baud}`,
      s(row.oursSeconds),
      "",
    ]);
    out.push([
      `  physical bound: the slower of the wire (deflated ${kb(row.deflatedBytes)} × 10 bits ÷ baud) and the flash's erase + program`,
      s(row.boundSeconds),
      row.wireSeconds === undefined
        ? `ours ÷ bound ${r(row.oursOverBound)}`
        : `ours ÷ bound ${r(row.oursOverBound)} (wire ${s(row.wireSeconds)}, flash ${s(row.flashOnlySeconds)})`,
    ]);
    out.push([
      "  ESP Web Tools way (esptool-js @ 115200, keep, no verify)",
      s(row.espWebToolsSeconds),
      `EWT ÷ ours ${r(row.espWebToolsOverOurs)} (goal ≥ 6)`,
    ]);
    out.push([
      `  re-flash identical firmware (${row.reflashOutcome})`,
      s(row.reflashSeconds),
      `re-flash ÷ full ${r(row.reflashOverFull)} (goal ≤ 0.10)`,
    ]);
    if (row.oursCpuMsPerMB !== undefined) {
      out.push([
        "  host CPU per MB flashed, device included (ours / esptool-js writeFlash)",
        `${row.oursCpuMsPerMB.toFixed(0)} / ${row.espWebToolsCpuMsPerMB.toFixed(0)} ms`,
        "esptool-js re-inflates each block byte by byte and SLIP-encodes per byte",
      ]);
    }
  }
  const phases = results.sessionPhases;
  for (const row of phases?.rows ?? []) {
    const o = row.ours;
    const steps = Object.entries(o.instant.phases)
      .filter(([, v]) => v.deviceSeconds >= 0.0005)
      .map(([k, v]) => `${k} ${v.deviceSeconds.toFixed(2)}`)
      .join(", ");
    out.push([
      `Flash ${row.workload} (${kb(row.imageBytes)}), our session @ ${o.instant.baud}, device clock`,
      s(o.instant.deviceSeconds),
      `phases: ${steps}`,
    ]);
    out.push([
      "  same, realtime (wall, host CPU included)",
      s(o.realtime.wallSeconds),
      `host CPU ${o.instant.hostCpuMsPerMB.toFixed(0)} ms per MB (incl. the in-process virtual device)`,
    ]);
    if (row.esptool) {
      out.push([
        `  esptool.py ${phases.esptool} write-flash @ 921600, device clock / realtime`,
        `${s(row.esptool.deviceSeconds)} / ${s(row.esptool.realtimeWallSeconds)}`,
        `ours ÷ esptool.py ${r(row.oursOverEsptoolDevice)} / ${r(row.oursOverEsptoolRealtime)} (the ≤ 0.85 goal is withdrawn: at one rate both tools send the same zlib stream, so the wire sets the write blocks' time; see the next row)`,
      ]);
      out.push(
        commandComparison(
          { commands: o.instant.commands, seconds: o.instant.deviceSeconds },
          { commands: row.esptool.commands, seconds: row.esptool.deviceSeconds },
        ),
      );
    }
  }
  if (phases && !phases.rows.some((row) => row.esptool))
    out.push(["esptool.py comparison", "-", phases.esptool]);
  out.push(...linkClassRows(results.linkClasses));
  out.push(...cliRows(results.cliVsEsptool));
  const { ours, espWebTools } = results.pageCost;
  out.push([
    "Up-front script, gzip / brotli",
    `${ours.upfront.gzip} / ${ours.upfront.brotli} B`,
    `EWT ${espWebTools.upfront.gzip} / ${espWebTools.upfront.brotli} B (goal ≤ 2048 B gzip)`,
  ]);
  for (const chip of Object.keys(ours.firstClick)) {
    const a = ours.firstClick[chip];
    const b = espWebTools.firstClick[chip];
    out.push([
      `First click on ${chip}, gzip / brotli`,
      `${kb(a.gzip)} / ${kb(a.brotli)}`,
      `EWT ${kb(b.gzip)} / ${kb(b.brotli)}; ratio ${r(a.gzip / b.gzip)}`,
    ]);
  }
  for (const [where, cpu] of Object.entries(results.cpu)) {
    out.push([
      `Prepare 4 MB image (patch + MD5 + deflate), CPU time, ${where}`,
      `${cpu.oursMs.toFixed(0)} ms`,
      `pako deflate alone ${cpu.pakoMs.toFixed(0)} ms; ratio ${r(cpu.ratio)} (goal ≤ 1.10)`,
    ]);
  }
  const blocked = results.mainThread;
  if (blocked) {
    out.push([
      "Page blocked while a 4 MB image is prepared, chromium",
      `${blocked.worker.blockingMs.toFixed(0)} ms in the worker`,
      `${blocked.page.blockingMs.toFixed(0)} ms on the page (longest task ${blocked.page.longestTaskMs.toFixed(0)} ms); total blocking time, tasks over 50 ms`,
    ]);
  }
  for (const run of results.emulator?.results ?? []) {
    out.push([
      `Virtual device throughput, ${run.mode} 4 MB write`,
      `${run.deviceMBps} MB/s`,
      "goal ≥ 20 MB/s",
    ]);
  }
  const faults = results.faults?.totals;
  if (faults) {
    out.push([
      `Fault runs, ${results.faults.mode} (${faults.runs} whole sessions)`,
      `${faults.violations} violations`,
      `verified ${faults.verified}, typed error then retry ok ${faults.typedErrorRetryOk}`,
    ]);
  }
  return out;
}

export function renderTable(results) {
  const m = results.machine;
  const lines = [
    `Measured ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}. Flash times are the virtual device's clock (wire at 10 bits per byte, datasheet flash timings). Page cost is the current build's, gzip at zlib level 9 and brotli at quality 11 (\`pnpm --filter @esp-flash/bench page-cost\`).`,
    "",
    "| measure | figure | against |",
    "| --- | --- | --- |",
    ...rows(results).map((cells) => `| ${cells.join(" | ")} |`),
  ];
  return lines.join("\n");
}

/**
 * The write blocks side by side; the rest of the session (everything but the write blocks)
 * as a ratio; then every command whose device time differs by 10 ms or more.
 */
function commandComparison(
  { commands: ours, seconds: oursSeconds },
  { commands: theirs, seconds: theirsSeconds },
) {
  const ms = (entry) => entry?.ms ?? 0;
  const seconds = (x) => (x / 1000).toFixed(2);
  const writeMs = [ms(ours["deflate data"]), ms(theirs["deflate data"])];
  const rest = (oursSeconds * 1000 - writeMs[0]) / (theirsSeconds * 1000 - writeMs[1]);
  const differ = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])]
    .filter((name) => name !== "deflate data")
    .map((name) => [name, ms(ours[name]), ms(theirs[name])])
    .filter(([, a, b]) => Math.abs(a - b) >= 10)
    .sort((x, y) => Math.abs(y[1] - y[2]) - Math.abs(x[1] - x[2]))
    .map(([name, a, b]) => `${name} ${seconds(a)} / ${seconds(b)}`);
  return [
    "  write blocks (deflate data), ours / esptool.py, device clock",
    `${seconds(writeMs[0])} / ${seconds(writeMs[1])} s`,
    `the rest of the session, ours ÷ esptool.py ${rest.toFixed(2)} (goal ≤ 0.5, ${rest <= 0.5 ? "met" : "not met"}); where the times differ: ${differ.join(", ") || "nowhere"}`,
  ];
}
