// The docs state the page-cost figures of the build: bench/results.json holds them, and the
// statements listed in bench/src/doc-figures.mjs quote them (`pnpm --filter @esp-flash/bench
// page-cost` measures the build and writes both). Each is compared here with the build in the
// elements tarball, measured the bench's way (gzip at zlib level 9, brotli at quality 11). The
// 2 KB budget itself is checked in packages/elements/test/budget/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
// @ts-expect-error: the bench's plain .mjs modules, so both measure the same way
import { measureBuild, PAGE_COST_CHIPS } from "../../../bench/src/page-cost.mjs";
// @ts-expect-error: the bench's plain .mjs modules
import { takenOnFirstClick } from "../../../bench/src/chip-chunks.mjs";
// @ts-expect-error: the bench's plain .mjs modules
import { ANY_GZIP_FIGURE, docsWithFigures, statements } from "../../../bench/src/doc-figures.mjs";

interface Size {
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
}
interface PageCost {
  upfront: Size;
  firstClick: Record<string, Size>;
}
interface Statement {
  doc: string;
  says: RegExp;
  figures: (string | number)[];
}

const ROOT = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const results = JSON.parse(read("bench/results.json")).pageCost as Record<string, PageCost>;
const built = measureBuild({
  dir: join(inject("appDir"), "node_modules", "@esp-flash", "elements", "dist", "web"),
  upfront: "esp-flash-button.js",
  takes: takenOnFirstClick,
  chips: PAGE_COST_CHIPS,
}) as PageCost;

describe("page-cost figures", () => {
  it("bench/results.json holds the build's (else run pnpm --filter @esp-flash/bench page-cost)", () => {
    expect(results.ours).toEqual(built);
  });

  // ESP Web Tools' figures (for the ratios) are its package's, not our build's.
  it.each(statements(built, results.espWebTools) as Statement[])(
    "$doc states the build's figures ($says)",
    ({ doc, says, figures }) => {
      const match = says.exec(read(doc));
      expect(match, `${doc} no longer says it this way`).not.toBeNull();
      expect(match!.slice(1)).toEqual(figures.map(String));
    },
  );

  it("every doc's measured `NNNN B gzip` is the button script's size (changesets included)", () => {
    const wrong = (docsWithFigures() as string[]).flatMap((doc) =>
      [...read(doc).matchAll(ANY_GZIP_FIGURE)]
        .filter((m) => Number(m[1]) !== built.upfront.gzip)
        .map((m) => `${doc}: ${m[0]}`),
    );
    expect(wrong, `the build's up-front script is ${built.upfront.gzip} B gzip`).toEqual([]);
  });
});
