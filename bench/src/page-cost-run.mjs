// `pnpm --filter @esp-flash/bench page-cost`: the page-cost figures alone, measured from the
// current build (no timing, so no quiet machine needed), written into bench/results.json and the
// README's table. The docs quote these figures; packages/consumers/test/docs-figures.test.ts
// fails when they differ from what the build produces.
import { measureEspWebTools, measureOurs, PAGE_COST_CHIPS } from "./page-cost.mjs";
import { readResults, updateReadme, writeResults } from "./report.mjs";

const results = readResults();
results.pageCost = {
  ours: measureOurs(PAGE_COST_CHIPS),
  espWebTools: measureEspWebTools(PAGE_COST_CHIPS),
};
writeResults(results);
await updateReadme(results);
const { upfront, firstClick } = results.pageCost.ours;
console.log(
  `up-front script ${upfront.gzip} B gzip, ${upfront.brotli} B brotli; first click ` +
    Object.entries(firstClick)
      .map(([chip, size]) => `${chip} ${size.gzip} B gzip`)
      .join(", "),
);
