// The docs state one size for the button's script and one for a first click: the figures of the
// build. bench/results.json holds them (`pnpm --filter @esp-flash/bench page-cost` measures the
// build and renders the README's table from them); every doc that quotes them must say the same.
// Both are compared with the build in the elements tarball, measured the bench's way (gzip at zlib
// level 9, brotli at quality 11). The 2 KB budget itself: packages/elements/test/budget/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
// @ts-expect-error: the bench's plain .mjs modules, so both measure the same way
import { measureBuild, PAGE_COST_CHIPS } from "../../../bench/src/page-cost.mjs";
// @ts-expect-error: the bench's plain .mjs modules
import { takenOnFirstClick } from "../../../bench/src/chip-chunks.mjs";
import { run } from "./helpers/run.js";

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

const ROOT = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const built = measureBuild({
  dir: join(inject("appDir"), "node_modules", "@esp-flash", "elements", "dist", "web"),
  upfront: "esp-flash-button.js",
  takes: takenOnFirstClick,
  chips: PAGE_COST_CHIPS,
}) as PageCost;
const kb = (bytes: number, digits = 1) => (bytes / 1024).toFixed(digits);
const [CHIP_A, CHIP_B] = PAGE_COST_CHIPS as [string, string];

describe("page-cost figures", () => {
  it("bench/results.json holds the build's (else run pnpm --filter @esp-flash/bench page-cost)", () => {
    expect(JSON.parse(read("bench/results.json")).pageCost.ours).toEqual(built);
  });

  it.each([
    {
      doc: "README.md",
      says: /\| Up-front script, gzip \/ brotli\s*\| (\d+) \/ (\d+) B/,
      means: () => [built.upfront.gzip, built.upfront.brotli],
    },
    ...(PAGE_COST_CHIPS as string[]).map((chip) => ({
      doc: "README.md",
      says: new RegExp(
        `\\| First click on ${chip}, gzip / brotli\\s*\\| ([\\d.]+) KB / ([\\d.]+) KB`,
      ),
      means: () => [kb(built.firstClick[chip]!.gzip), kb(built.firstClick[chip]!.brotli)],
    })),
    {
      doc: "README.md",
      says: /up-front script ≤ 2 KB gzip \((\d+) B\)/,
      means: () => [built.upfront.gzip],
    },
    {
      doc: "README.md",
      says: /\*\*First click\*\* \((\d+) \/ (\d+) KB gzip on (\w+) \/ (\w+),/,
      means: () => [
        kb(built.firstClick[CHIP_A]!.gzip, 0),
        kb(built.firstClick[CHIP_B]!.gzip, 0),
        CHIP_A,
        CHIP_B,
      ],
    },
    {
      doc: "packages/elements/README.md",
      says: /The script is small: (\d+) B gzip/,
      means: () => [built.upfront.gzip],
    },
  ])("$doc states the build's figure ($says)", ({ doc, says, means }) => {
    const match = says.exec(read(doc));
    expect(match, `${doc} no longer says it this way`).not.toBeNull();
    expect(match!.slice(1).map(String)).toEqual(means().map(String));
  });

  it("every doc's `NNNN B gzip` is the button script's size (changesets included)", async () => {
    const listed = await run("git", ["ls-files", "*.md", "*.mdx"], { cwd: ROOT });
    expect(listed.code, listed.output).toBe(0);
    // A CHANGELOG records what a past release measured; a budget ("≤ 2048 B gzip") is no figure.
    const docs = listed.output.split("\n").filter((f) => f && !/(^|\/)CHANGELOG\.md$/.test(f));
    const wrong = docs.flatMap((doc) =>
      [...read(doc).matchAll(/(?<![≤<] )\b(\d{4}) B gzip\b/g)]
        .filter((m) => Number(m[1]) !== built.upfront.gzip)
        .map((m) => `${doc}: ${m[0]}`),
    );
    expect(wrong, `the build's up-front script is ${built.upfront.gzip} B gzip`).toEqual([]);
  });
});
