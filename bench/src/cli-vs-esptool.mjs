// The `esp-flash` CLI against esptool.py v5.0.0, as users run them, over each port form the
// CLI takes: socket:// (raw TCP), rfc2217:// (Telnet COM-PORT-OPTION, baud and DTR/RTS reach
// the board) and a socat pty (a kernel tty with no modem lines, bridged to socket://). Each run
// flashes the MicroPython ESP8266 image (600 KB) at 0x0 with --flash-size detect on a fresh
// realtime virtual ESP8266 (4MB, paced like a real board), asks for 921600 baud, and counts
// the wall time of the whole command, process start to exit. Both verify by MD5. The tools
// take turns, so load on the shared machine falls on both alike.
// Needs esptool's v5.0.0 source (ESPTOOL_PY_DIR, see esptool-py.mjs) and socat for the pty.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSampleFirmware, startVirtualEspServer } from "@esp-flash/virtual-device/node";
import { ESPTOOL_DIR, PYTHON, esptoolAvailable } from "./esptool-py.mjs";

const CLI = join(import.meta.dirname, "..", "..", "packages", "cli", "bin", "esp-flash.js");
const FORMS = ["socket", "rfc2217", "pty"];
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);

function socatAvailable() {
  return spawnSync("sh", ["-c", "command -v socat"]).status === 0;
}

/** Runs a command to its end; resolves with its exit code, output and wall seconds. */
function timed(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

/** A pty bridged to `url` by socat; the bridge ends when the program on the pty closes it. */
let ptys = 0;
async function ptyFor(url, dir) {
  const { hostname, port } = new URL(url);
  // A fresh name each run: a bridge that is ending removes its link, maybe after the next made its own.
  const path = join(dir, `ttyBENCH${ptys++}`);
  const child = spawn("socat", [`PTY,link=${path},raw,echo=0`, `TCP:${hostname}:${port},nodelay`], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(path)) throw new Error("socat made no pty");
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    path,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}

function argsFor(tool, port, image) {
  if (tool === "esp-flash")
    return [process.execPath, [CLI, "flash", `${image}@0`, "--port", port, "--baud", "921600"]];
  // Neither tool can reset through a TCP socket or a pty (no modem lines): the board is already
  // in download mode there, so esptool gets --before no-reset as users give it; its final
  // hard reset is still tried (and warned about), as the CLI's is. Over RFC 2217 both reset.
  const reset = port.startsWith("rfc2217:") ? [] : ["--before", "no-reset"];
  return [
    PYTHON,
    ["-m", "esptool", "--port", port, "--baud", "921600", ...reset, "write-flash"].concat([
      "--flash-size",
      "detect",
      "0",
      image,
    ]),
  ];
}

async function once(tool, form, image, dir) {
  const server = await startVirtualEspServer({
    chip: "ESP8266",
    flashSize: "4MB",
    timing: "realtime",
    port: 0,
    protocol: form === "rfc2217" ? "rfc2217" : "raw",
  });
  let pty;
  try {
    let port = server.url;
    if (form === "pty") {
      pty = await ptyFor(server.url, dir);
      port = pty.path;
    }
    const [command, args] = argsFor(tool, port, image);
    const run = await timed(command, args, tool === "esp-flash" ? dir : ESPTOOL_DIR);
    if (run.code !== 0)
      throw new Error(`${tool} over ${form} exited ${run.code}: ${run.output.slice(-600)}`);
    // Both patch the ESP8266 header to the detected 4MB (0x40) and verify by MD5.
    if ((server.device.flash.read(3, 1)[0] & 0xf0) !== 0x40)
      throw new Error(`${tool} over ${form} did not patch the header to 4MB`);
    const rate = /at (\d+) baud/.exec(run.output)?.[1];
    return { seconds: run.seconds, ...(rate ? { reportedBaud: Number(rate) } : {}) };
  } finally {
    await pty?.close();
    await server.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Per port form: every run's seconds for both tools, the medians and ours ÷ esptool.py. */
export async function measureCliVsEsptool() {
  if (!esptoolAvailable())
    return { skipped: `esptool v5.0.0 not found at ${ESPTOOL_DIR} (set ESPTOOL_PY_DIR)` };
  const dir = mkdtempSync(join(tmpdir(), "bench-cli-esptool-"));
  const image = join(dir, "micropython.bin");
  writeFileSync(image, makeSampleFirmware("micropython-esp8266", { seed: 1 }).parts[0].data);
  const forms = {};
  try {
    for (const form of FORMS) {
      if (form === "pty" && !socatAvailable()) {
        forms[form] = { skipped: "socat not installed" };
        continue;
      }
      const seconds = { "esp-flash": [], "esptool.py": [] };
      for (let i = 0; i < RUNS; i++) {
        // Alternate who goes first, so a burst of load on the machine hits both.
        const order = i % 2 ? ["esptool.py", "esp-flash"] : ["esp-flash", "esptool.py"];
        for (const tool of order) {
          const run = await once(tool === "esptool.py" ? "esptool" : tool, form, image, dir);
          seconds[tool].push(round(run.seconds));
        }
      }
      const ours = median(seconds["esp-flash"]);
      const theirs = median(seconds["esptool.py"]);
      forms[form] = {
        runs: RUNS,
        seconds,
        medianSeconds: { "esp-flash": round(ours), "esptool.py": round(theirs) },
        oursOverEsptoolPy: round(ours / theirs),
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    image: "MicroPython ESP8266 (600 KB) at 0x0, --flash-size detect, 921600 baud asked",
    board: "virtual ESP8266, 4MB, realtime",
    goal: "socket://: esp-flash ≤ 1.1 × esptool.py",
    forms,
  };
}

/** Report rows: one per port form, ours and esptool.py's medians and the ratio. */
export function cliRows(cli) {
  if (!cli) return [];
  if (cli.skipped) return [["esp-flash CLI vs esptool.py v5.0.0", "-", cli.skipped]];
  return Object.entries(cli.forms).map(([form, row]) =>
    row.skipped
      ? [`esp-flash CLI vs esptool.py over ${form}`, "-", row.skipped]
      : [
          `esp-flash CLI / esptool.py v5.0.0 over ${form === "pty" ? "a socat pty" : `${form}://`}, MicroPython ESP8266 @ 921600, whole command`,
          `${row.medianSeconds["esp-flash"].toFixed(2)} / ${row.medianSeconds["esptool.py"].toFixed(2)} s`,
          `ours ÷ esptool.py ${row.oursOverEsptoolPy.toFixed(2)} (median of ${row.runs} each${form === "socket" ? "; goal ≤ 1.10" : ""})`,
        ],
  );
}

const range = (values) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} s`;

/** The CLI README's figures, between its cli-bench markers. */
export function cliReadmeBlock(cli, machine, source = "`pnpm bench`") {
  if (!cli || cli.skipped) return undefined;
  const lines = [
    `Measured by ${source} (${machine.date.slice(0, 10)}, ${machine.cores} cores, ${machine.cpu}, shared with other work):`,
    `${cli.image}, on a ${cli.board} board, wall time of the whole command from process start to`,
    "exit, median of the runs (the tools take turns):",
    "",
    "| port form | runs | esp-flash (median, range) | esptool.py v5.0.0 (median, range) | esp-flash ÷ esptool.py |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const [form, row] of Object.entries(cli.forms)) {
    if (row.skipped) continue;
    const name = form === "pty" ? "socat pty" : `\`${form}://\``;
    lines.push(
      `| ${name} | ${row.runs} | ${row.medianSeconds["esp-flash"].toFixed(2)} s (${range(row.seconds["esp-flash"])}) | ${row.medianSeconds["esptool.py"].toFixed(2)} s (${range(row.seconds["esptool.py"])}) | ${row.oursOverEsptoolPy.toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}
