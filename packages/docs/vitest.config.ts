// Runs every story's play function as a test in headless Chromium (CHROME_PATH from scripts/test.mjs).
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [storybookTest({ configDir: ".storybook" })],
  test: {
    name: "storybook",
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
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
});
