import { defineConfig } from "vitest/config";

// Packing, installing from the registry and building four apps takes minutes, not seconds.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 240_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
