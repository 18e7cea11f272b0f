import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A timeout only catches a hang: spawning the bin or esptool-js sessions take seconds, and
    // many times that on a busy machine (scripts/test-busy.mjs shows the suite there).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
