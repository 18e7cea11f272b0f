// Runs every *.test.ts in real headless Chromium (scripts/test.mjs sets CHROME_PATH).
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { fromRollup } from "@web/dev-server-rollup";
import rollupCommonjs from "@rollup/plugin-commonjs";
import { chromeLauncher } from "@web/test-runner-chrome";
import { defaultReporter } from "@web/test-runner";
import { countingReporter } from "../../scripts/wtr-counting-reporter.js";

const commonjs = fromRollup(rollupCommonjs);

export default {
  files: ["src/**/*.test.ts", "test/**/*.test.ts"],
  nodeResolve: { exportConditions: ["browser", "production"] },
  concurrency: 1,
  testFramework: { config: { timeout: 30000 } },
  plugins: [
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
