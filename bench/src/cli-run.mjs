// `pnpm --filter @esp-flash/bench cli`: only the CLI-vs-esptool.py figures (the part of
// `pnpm bench` that needs esptool's source), merged into bench/results.json and the CLI README.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { cliRows, measureCliVsEsptool } from "./cli-vs-esptool.mjs";
import { refreshCliReadme } from "./cli-readme.mjs";

const path = join(import.meta.dirname, "..", "results.json");
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
const cliVsEsptool = { ...(await measureCliVsEsptool()), machine };
const results = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
results.cliVsEsptool = cliVsEsptool;
writeFileSync(path, JSON.stringify(results, null, 2) + "\n");
for (const [what, value, note] of cliRows(cliVsEsptool)) console.log(`${what}: ${value}  ${note}`);
await refreshCliReadme(
  cliVsEsptool,
  machine,
  "`pnpm --filter @esp-flash/bench cli` (the CLI part of `pnpm bench`)",
);
