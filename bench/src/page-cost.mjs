// Page cost: gzip and brotli bytes a visitor downloads for the button up front, and on the
// first click for a given chip — for our script-tag build and for ESP Web Tools' own.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { takenOnFirstClick } from "./chip-chunks.mjs";

// `from "./x"` and `import "./x"` load with the file; `import("./x")` loads on demand, and so
// does a worker's script, named as `new URL("./x.js", import.meta.url)`.
const STATIC_RE = /(?:\bfrom\s*|\bimport\s*)["'](\.\.?\/[^"']+)["']/g;
const LAZY_RE =
  /\bimport\s*\(\s*["'](\.\.?\/[^"']+)["']\s*\)|\bnew\s+URL\(\s*["'](\.\.?\/[^"']+\.m?js)["']\s*,\s*import\.meta\.url\s*\)/g;

/** Relative imports of `file`, as paths relative to `dir` (chunks may sit in subfolders). */
function imports(dir, file, re) {
  const source = readFileSync(join(dir, file), "utf8");
  return [...source.matchAll(re)].map((match) => join(dirname(file), match[1] ?? match[2]));
}

/** `entry` and every file it reaches through static imports. */
function staticClosure(dir, entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const file of imports(dir, entry, STATIC_RE)) staticClosure(dir, file, seen);
  return seen;
}

function sizes(dir, files) {
  const all = Buffer.concat([...files].map((file) => readFileSync(join(dir, file))));
  return {
    files: files.size,
    raw: all.length,
    gzip: gzipSync(all, { level: 9 }).length,
    brotli: brotliCompressSync(all, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * The files of one build a first click on `chip` loads: `upfront` is the script-tag entry;
 * `takes(chip, file)` says whether the click follows a lazy import of `file` (dialog, flasher,
 * chip target, stub, worker). Also what the elements' first-click test compares with the browser.
 */
export function firstClickFiles({ dir, upfront, takes, chip }) {
  const up = staticClosure(dir, upfront);
  const loaded = new Set();
  let frontier = [...up];
  while (frontier.length > 0) {
    const next = [];
    for (const from of frontier) {
      for (const file of imports(dir, from, LAZY_RE)) {
        if (loaded.has(file) || up.has(file) || !takes(chip, file)) continue;
        for (const reached of staticClosure(dir, file)) {
          if (up.has(reached) || loaded.has(reached)) continue;
          loaded.add(reached);
          next.push(reached);
        }
      }
    }
    frontier = next;
  }
  return loaded;
}

/** Measures one build: the up-front script, and what a first click adds per chip. */
export function measureBuild({ dir, upfront, takes, chips }) {
  const result = { upfront: sizes(dir, staticClosure(dir, upfront)), firstClick: {} };
  for (const chip of chips)
    result.firstClick[chip] = sizes(dir, firstClickFiles({ dir, upfront, takes, chip }));
  return result;
}

/** The chips whose first click the bench and the docs state. */
export const PAGE_COST_CHIPS = ["ESP8266", "ESP32"];

/** ESP Web Tools 10.4.0, from its npm package. */
export function measureEspWebTools(chips) {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("esp-web-tools/package.json")), "dist", "web");
  return measureBuild({ dir, upfront: "install-button.js", chips, takes: takenOnFirstClick });
}

/** Our script-tag build, `dist/web/esp-flash-button.js` of @esp-flash/elements. */
export function measureOurs(chips) {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("@esp-flash/elements/package.json")), "dist", "web");
  return measureBuild({ dir, upfront: "esp-flash-button.js", chips, takes: takenOnFirstClick });
}
