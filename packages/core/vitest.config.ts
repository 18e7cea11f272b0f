import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A timeout only catches a hang: whole flashes on virtual boards take seconds, and many
    // times that on a contributor's busy laptop (scripts/test-busy.mjs shows the suite there).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
