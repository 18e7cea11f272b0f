// Runs every *.test.ts in real headless Chromium (scripts/test.mjs sets CHROME_PATH).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { fromRollup } from "@web/dev-server-rollup";
import rollupCommonjs from "@rollup/plugin-commonjs";
import { chromeLauncher } from "@web/test-runner-chrome";
import { defaultReporter } from "@web/test-runner";
import { visualRegressionPlugin } from "@web/test-runner-visual-regression/plugin";
import { CHROMIUM_ARGS } from "../../scripts/find-chromium.mjs";
import { countingReporter } from "../../scripts/wtr-counting-reporter.js";
import { takenOnFirstClick } from "../../bench/src/chip-chunks.mjs";
import { firstClickFiles } from "../../bench/src/page-cost.mjs";

const commonjs = fromRollup(rollupCommonjs);

// esptool-js loads its per-chip stubs with import("….json"); serve them as JS modules.
const jsonModules = {
  name: "json-modules",
  resolveMimeType: (ctx) => (/esptool-js\/.*\.json$/.test(ctx.path) ? "js" : undefined),
  transform(ctx) {
    if (/esptool-js\/.*\.json$/.test(ctx.path)) return { body: `export default ${ctx.body};` };
  },
};

// The strict-CSP page (test/csp/) gets its policy as a real header too.
// test/csp/worker-blocked.html: the same policy, but no workers at all.
const STRICT_CSP =
  "script-src 'self'; style-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html esp-flash";
const NO_WORKERS_CSP = STRICT_CSP.replace("worker-src 'self'", "worker-src 'none'");
function strictCsp(ctx, next) {
  if (
    ctx.path.endsWith("/test/csp/page.html") ||
    ctx.path.endsWith("/test/ewt-compat/index.html")
  ) {
    ctx.set("Content-Security-Policy", STRICT_CSP);
  }
  if (ctx.path.endsWith("/test/csp/worker-blocked.html"))
    ctx.set("Content-Security-Policy", NO_WORKERS_CSP);
  return next();
}

// `new Worker(new URL("./x.js", import.meta.url))` names the file a build emits; served from
// the sources, that file is x.ts (as the esbuild plugin does for imports).
function tsForJs(ctx, next) {
  const ts =
    ctx.path.endsWith(".js") && ctx.path.startsWith("/src/") && `.${ctx.path.slice(0, -3)}.ts`;
  if (
    ts &&
    !existsSync(new URL(`.${ctx.path}`, import.meta.url)) &&
    existsSync(new URL(ts, import.meta.url))
  ) {
    ctx.url = ctx.url.replace(/\.js(?=$|\?)/, ".ts");
  }
  return next();
}

// Lazily loaded chunks that fail (a CDN hiccup; offline): test/lazy-chunks/chunk-failure.test.ts
// loads the button from /chunk-failure/src/…, where the dialog's chunk answers 503, and
// test/lazy-chunks/offline.test.ts from /offline/src/…, where the note's chunk fails too. (Paths
// of their own: a chunk another test page loaded may come from the browser's cache.)
const FAILING = {
  "/chunk-failure": ["/esp-flash-dialog/open.ts"],
  // test/lazy-chunks/view-failure.test.ts: views the dialog loads when first shown.
  "/view-failure": ["/views/lazy/error-view.ts", "/views/lazy/port-cancelled-view.ts"],
  "/offline": ["/esp-flash-dialog/open.ts", "/esp-flash-button/cannot-start.ts"],
};
function failingChunks(ctx, next) {
  const prefix = Object.keys(FAILING).find((p) => ctx.path.startsWith(`${p}/`));
  if (!prefix) return next();
  if (FAILING[prefix].some((chunk) => ctx.path.endsWith(chunk))) {
    ctx.status = 503;
    ctx.body = "unavailable";
    return;
  }
  ctx.url = ctx.url.slice(prefix.length);
  return next();
}

// test/first-click/: the files `pnpm bench` counts as a first click on a chip, to compare with
// what the browser fetched.
const firstClickCount = {
  name: "first-click-files",
  executeCommand({ command, payload }) {
    if (command !== "first-click-files") return undefined;
    const dir = fileURLToPath(new URL("dist/web", import.meta.url));
    const files = firstClickFiles({
      dir,
      upfront: "esp-flash-button.js",
      takes: takenOnFirstClick,
      chip: payload.chip,
    });
    return [...files];
  },
};

export default {
  files: ["src/**/*.test.ts", "test/**/*.test.ts"],
  nodeResolve: { exportConditions: ["browser", "production"], browser: true },
  concurrency: 1,
  middleware: [strictCsp, failingChunks, tsForJs],
  // Timeouts catch hangs only: a whole install takes seconds on a quiet machine and several
  // times that on a busy laptop (`pnpm test:busy` at the root runs the suite beside CPU hogs).
  testFramework: { config: { timeout: 120_000 } },
  testsFinishTimeout: 900_000,
  // Chromium starting a test page takes seconds when both cores are busy.
  browserStartTimeout: 180_000,
  plugins: [
    jsonModules,
    firstClickCount,
    esbuildPlugin({ ts: true, target: "es2022", tsconfig: "tsconfig.json" }),
    // esptool-js pulls in the CommonJS package atob-lite.
    commonjs({ include: ["**/node_modules/**/atob-lite/**"], strictRequires: false }),
    // Screenshots of every dialog view and the console against committed baselines
    // (`pnpm test:update-visuals` rewrites them; look at them before committing).
    visualRegressionPlugin({
      update: process.argv.includes("--update-visual-baseline"),
      baseDir: "test/screenshots",
      // Rendering is deterministic with the fonts in scripts/find-chromium.mjs: any changed pixel
      // (beyond pixelmatch's anti-aliasing tolerance) fails, so a garbled word cannot slip through.
      failureThresholdType: "pixel",
      failureThreshold: 0,
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  reporters: [defaultReporter(), countingReporter("test-results/wtr.json")],
};
