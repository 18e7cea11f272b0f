// The docs check (test/commands.test.ts, test/first-page.test.ts): run by scripts/test.mjs after every package is
// built and tested, alone, since it builds and packs like a reader would.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/commands.test.ts", "test/first-page.test.ts"],
    environment: "node",
    // npm installs from the registry and a full build can take minutes on a busy machine.
    testTimeout: 900_000,
    // One file at a time: both run `pnpm build:web`, which rewrites the dist the other copies.
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: "test-results/commands.json" }]],
  },
});
