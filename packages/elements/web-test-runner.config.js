// Runs every *.test.ts in real headless Chromium (scripts/test.mjs sets CHROME_PATH).
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { fromRollup } from "@web/dev-server-rollup";
import rollupCommonjs from "@rollup/plugin-commonjs";
import { chromeLauncher } from "@web/test-runner-chrome";
import { defaultReporter } from "@web/test-runner";
import { countingReporter } from "../../scripts/wtr-counting-reporter.js";

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
const STRICT_CSP =
  "script-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html";
function strictCsp(ctx, next) {
  if (ctx.path.endsWith("/test/csp/page.html") || ctx.path.endsWith("/test/ewt-compat/index.html")) {
    ctx.set("Content-Security-Policy", STRICT_CSP);
  }
  return next();
}

export default {
  files: ["src/**/*.test.ts", "test/**/*.test.ts"],
  nodeResolve: { exportConditions: ["browser", "production"], browser: true },
  concurrency: 1,
  middleware: [strictCsp],
  testFramework: { config: { timeout: 30000 } },
  plugins: [
    jsonModules,
    esbuildPlugin({ ts: true, target: "es2022", tsconfig: "tsconfig.json" }),
    // esptool-js pulls in the CommonJS package atob-lite.
    commonjs({ include: ["**/node_modules/**/atob-lite/**"], strictRequires: false }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
      },
    }),
  ],
  reporters: [defaultReporter(), countingReporter("test-results/wtr.json")],
};
