// Two projects: every story's play function in headless Chromium (CHROME_PATH from
// scripts/test.mjs), and the guides' code examples in Node, exactly as the guides show them.
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        plugins: [storybookTest({ configDir: ".storybook" })],
        test: {
          name: "storybook",
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: process.env.CHROME_PATH,
                args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
              },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
      { test: { name: "guides", include: ["src/guides/examples/*.test.ts"], environment: "node" } },
    ],
  },
});
