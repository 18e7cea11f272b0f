// The docs state one size for the button's script: the figure `pnpm bench` measured last
// (bench/results.json, from which bench/src/report.mjs renders the README's table), not a
// number each page rounded on its own. The budget itself is checked on the build
// (packages/elements/test/budget/upfront-size.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const { gzip, brotli } = JSON.parse(read("bench/results.json")).pageCost.ours.upfront;

describe("the button script's size in the docs", () => {
  it.each([
    { doc: "README.md", says: /\| Up-front script, gzip \/ brotli\s*\| (\d+) \/ (\d+) B/ },
    { doc: "README.md", says: /up-front script ≤ 2 KB gzip \((\d+) B\)/ },
    { doc: "packages/elements/README.md", says: /The script is small: (\d+) B gzip/ },
  ])("$doc states the bench's figure ($says)", ({ doc, says }) => {
    const match = says.exec(read(doc));
    expect(match, `${doc} no longer says it this way`).not.toBeNull();
    expect(Number(match![1])).toBe(gzip);
    if (match![2] !== undefined) expect(Number(match![2])).toBe(brotli);
  });
});
