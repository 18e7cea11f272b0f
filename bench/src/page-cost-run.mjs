// `pnpm --filter @esp-flash/bench page-cost`: the page-cost figures alone, measured from the
// current build (no timing, so no quiet machine needed), written into bench/results.json, the
// README's table and every doc that states them (doc-figures.mjs);
// packages/consumers/test/docs-figures.test.ts fails when they differ from the build.
import { writeDocFigures } from "./doc-figures.mjs";
import { measureEspWebTools, measureOurs, PAGE_COST_CHIPS } from "./page-cost.mjs";
import { readResults, updateReadme, writeResults } from "./report.mjs";

const results = readResults();
results.pageCost = {
  ours: measureOurs(PAGE_COST_CHIPS),
  espWebTools: measureEspWebTools(PAGE_COST_CHIPS),
};
writeResults(results);
await updateReadme(results);
writeDocFigures(results.pageCost.ours, results.pageCost.espWebTools);
const { upfront, firstClick } = results.pageCost.ours;
console.log(
  `up-front script ${upfront.gzip} B gzip, ${upfront.brotli} B brotli; first click ` +
    Object.entries(firstClick)
      .map(([chip, size]) => `${chip} ${size.gzip} B gzip`)
      .join(", "),
);
