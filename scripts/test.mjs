// `pnpm test`: lint, typecheck and every test of every package (Node and headless
// Chromium) through turbo, then one summary line over all runners.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureFonts, findChromium } from "./find-chromium.mjs";

const root = join(import.meta.dirname, "..");
const packagesDir = join(root, "packages");

let chrome;
try {
  chrome = findChromium();
  ensureFonts();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const packages = readdirSync(packagesDir).filter((name) =>
  existsSync(join(packagesDir, name, "package.json")),
);
for (const name of packages)
  rmSync(join(packagesDir, name, "test-results"), { recursive: true, force: true });

// Formatting is part of the build: one style, checked like everything else.
const format = spawnSync("pnpm", ["exec", "prettier", "--check", "--log-level", "warn", "."], {
  cwd: root,
  stdio: "inherit",
});
if (format.status !== 0)
  console.error("Prettier: the files above differ from its output (run `pnpm format`).");

const turbo = spawnSync(
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "lint",
    "typecheck",
    "test",
    "--continue",
    "--output-logs=new-only",
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CHROME_PATH: chrome, TURBO_TELEMETRY_DISABLED: "1" },
  },
);

// The docs check last and alone: it builds, packs and installs as a reader of the docs would,
// which must not rewrite packages while other packages' tests read them.
// (Skipped when only some packages were asked for: `pnpm test --filter=…`.)
const filtered = process.argv.slice(2).some((arg) => /^(--filter|-F)/.test(arg));
const docsCommands = filtered
  ? { status: 0 }
  : spawnSync("pnpm", ["--filter", "@esp-flash/docs", "run", "test:commands"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    });

const total = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
for (const name of packages) {
  const manifest = JSON.parse(readFileSync(join(packagesDir, name, "package.json"), "utf8"));
  if (!manifest.scripts?.test) continue;
  const dir = join(packagesDir, name, "test-results");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  let counted = false;
  for (const file of files) {
    const result = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if ("numTotalTests" in result) {
      // vitest's JSON reporter
      counted = true;
      total.passed += result.numPassedTests;
      total.failed += result.numFailedTests;
      total.skipped += result.numPendingTests + result.numTodoTests;
      // A file that fails to load counts no test but fails the run.
      total.failed += (result.testResults ?? []).filter(
        (file) => file.status === "failed" && file.assertionResults.length === 0,
      ).length;
    } else if (typeof result.passed === "number" && typeof result.failed === "number") {
      // scripts/wtr-counting-reporter.js
      counted = true;
      total.passed += result.passed;
      total.failed += result.failed;
      total.skipped += result.skipped ?? 0;
    }
    // Other JSON in test-results (e.g. the fault matrix summary) is not a runner's count.
  }
  if (!counted) missing.push(manifest.name);
}
// A runner that crashed before reporting counts as one failure, so the line never hides it.
if (missing.length > 0) {
  console.error(`No test results from: ${missing.join(", ")}`);
  total.failed += missing.length;
}
if (turbo.status !== 0) console.error("Some lint, typecheck or test tasks failed (see above).");
if (docsCommands.status !== 0) console.error("The docs check failed (see above).");
if (format.status !== 0) total.failed += 1;

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : "";
console.log(`\n${total.passed} passed, ${total.failed} failed${skipped}`);
const ok = turbo.status === 0 && format.status === 0 && docsCommands.status === 0;
process.exit(ok && total.failed === 0 ? 0 : 1);
