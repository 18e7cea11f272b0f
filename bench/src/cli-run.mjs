// `pnpm --filter @esp-flash/bench cli`: only the CLI-vs-esptool.py figures (the part of
// `pnpm bench` that needs esptool's source), merged into bench/results.json and the CLI README.
import { existsSync } from "node:fs";
import { cliRows, measureCliVsEsptool } from "./cli-vs-esptool.mjs";
import { refreshCliReadme } from "./cli-readme.mjs";
import { machineFacts, readResults, RESULTS_PATH, writeResults } from "./report.mjs";

const machine = machineFacts();
const cliVsEsptool = { ...(await measureCliVsEsptool()), machine };
writeResults({ ...(existsSync(RESULTS_PATH) ? readResults() : {}), cliVsEsptool });
for (const [what, value, note] of cliRows(cliVsEsptool)) console.log(`${what}: ${value}  ${note}`);
await refreshCliReadme(
  cliVsEsptool,
  machine,
  "`pnpm --filter @esp-flash/bench cli` (the CLI part of `pnpm bench`)",
);
