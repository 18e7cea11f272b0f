// Main-thread blocking while a 4 MB image is prepared, in headless Chromium: on the page (the
// default path of core) against elements' prepare worker (dist/web/prepare-worker.js, served
// from the page's origin as the script-tag build ships it).
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../../scripts/find-chromium.mjs";

const RUNS = 5;
const ORIGIN = "http://bench.test";
const WORKER = new URL("../../packages/elements/dist/web/prepare-worker.js", import.meta.url);

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function mainThreadInChromium(executablePath) {
  const bundle = await build({
    entryPoints: [new URL("./main-thread-entry.mjs", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  const files = {
    "/": ["text/html", `<!doctype html><script type="module" src="/bench.js"></script>`],
    "/bench.js": ["text/javascript", bundle.outputFiles[0].text],
    "/prepare-worker.js": ["text/javascript", readFileSync(WORKER, "utf8")],
  };
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const [contentType, body] = files[new URL(route.request().url()).pathname] ?? [
        "text/plain",
        "",
      ];
      return route.fulfill({ status: body ? 200 : 404, contentType, body });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => typeof globalThis.runMainThreadBench === "function");
    const result = {};
    for (const where of ["page", "worker"]) {
      await page.evaluate((w) => globalThis.runMainThreadBench(w), where); // warm-up
      const runs = [];
      for (let i = 0; i < RUNS; i++)
        runs.push(await page.evaluate((w) => globalThis.runMainThreadBench(w), where));
      result[where] = Object.fromEntries(
        ["wallMs", "longestTaskMs", "blockingMs"].map((k) => [k, median(runs.map((r) => r[k]))]),
      );
    }
    return result;
  } finally {
    await browser.close();
  }
}
