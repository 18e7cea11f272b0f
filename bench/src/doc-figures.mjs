// Where the docs state the page-cost figures, in one list: `pnpm --filter @esp-flash/bench
// page-cost` writes the build's figures into each, and packages/consumers/test/docs-figures.test.ts
// fails when one differs from the build in the elements tarball. Each pattern has one group per
// figure; a doc that says it another way is an error, not a skipped check.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PAGE_COST_CHIPS } from "./page-cost.mjs";

const root = join(import.meta.dirname, "..", "..");
const kb = (bytes, digits = 1) => (bytes / 1024).toFixed(digits);
const [A, B] = PAGE_COST_CHIPS;

/** A measured `NNNN B gzip` anywhere in the docs; a budget ("≤ 2048 B gzip") is no figure. */
export const ANY_GZIP_FIGURE = /(?<![≤<] )\b(\d{4}) B gzip\b/g;

/** The statements, with the figures `ours` (and ESP Web Tools' `ewt`) make them say. */
export function statements(ours, ewt) {
  const click = (chip) => ours.firstClick[chip].gzip;
  const ratio = (chip) => (click(chip) / ewt.firstClick[chip].gzip).toFixed(2);
  return [
    {
      doc: "README.md",
      says: /\| Up-front script, gzip \/ brotli\s*\| (\d+) \/ (\d+) B/,
      figures: [ours.upfront.gzip, ours.upfront.brotli],
    },
    ...PAGE_COST_CHIPS.map((chip) => ({
      doc: "README.md",
      says: new RegExp(
        `\\| First click on ${chip}, gzip / brotli\\s*\\| ([\\d.]+) KB / ([\\d.]+) KB`,
      ),
      figures: [kb(click(chip)), kb(ours.firstClick[chip].brotli)],
    })),
    {
      doc: "README.md",
      says: /up-front script ≤ 2 KB gzip \((\d+) B\)/,
      figures: [ours.upfront.gzip],
    },
    {
      doc: "README.md",
      says: new RegExp(
        `\\*\\*First click\\*\\* \\((\\d+) / (\\d+) KB gzip on ${A} / ${B}, ([\\d.]+) / ([\\d.]+) of`,
      ),
      figures: [kb(click(A), 0), kb(click(B), 0), ratio(A), ratio(B)],
    },
    {
      doc: "packages/elements/README.md",
      says: /The script is small: (\d+) B gzip/,
      figures: [ours.upfront.gzip],
    },
  ];
}

/** The docs a reader meets (tracked Markdown), without CHANGELOGs: they record past releases. */
export function docsWithFigures() {
  return execFileSync("git", ["ls-files", "*.md", "*.mdx"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && !/(^|\/)CHANGELOG\.md$/.test(f));
}

/** Replaces each group of `says`' first match in `text` with the figures. */
function restate(text, says, figures) {
  const match = new RegExp(says.source, `${says.flags}d`).exec(text);
  if (!match) return undefined;
  let out = text;
  for (let i = figures.length; i >= 1; i--) {
    const [start, end] = match.indices[i];
    out = out.slice(0, start) + String(figures[i - 1]) + out.slice(end);
  }
  return out;
}

/** Writes the figures into every statement and every `NNNN B gzip`; throws on a missing one. */
export function writeDocFigures(ours, ewt) {
  for (const { doc, says, figures } of statements(ours, ewt)) {
    const path = join(root, doc);
    const next = restate(readFileSync(path, "utf8"), says, figures);
    if (next === undefined)
      throw new Error(`${doc} no longer says ${says}: update doc-figures.mjs`);
    writeFileSync(path, next);
  }
  for (const doc of docsWithFigures()) {
    const path = join(root, doc);
    const text = readFileSync(path, "utf8");
    const next = text.replace(ANY_GZIP_FIGURE, () => `${ours.upfront.gzip} B gzip`);
    if (next !== text) writeFileSync(path, next);
  }
}
