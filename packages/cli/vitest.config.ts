import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each test spawns the real CLI (and servers, socat, python): seconds, not milliseconds.
    // Seconds on a quiet machine; a busy laptop takes several times that. A timeout only catches
    // a hang, and whatever a timed-out test started is killed (test/helpers/end-children.ts).
    testTimeout: 240_000,
    hookTimeout: 120_000,
    setupFiles: ["test/helpers/end-children.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
