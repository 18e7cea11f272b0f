// Two projects: every story's play function in headless Chromium (CHROME_PATH from
// scripts/test.mjs), and the guides' code examples in Node, exactly as the guides show them.
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { CHROMIUM_ARGS } from "../../scripts/find-chromium.mjs";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        plugins: [storybookTest({ configDir: ".storybook" })],
        test: {
          name: "storybook",
          // Some play functions run a whole install on a virtual board; the machine may be busy.
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: process.env.CHROME_PATH,
                args: CHROMIUM_ARGS,
              },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
      {
        // A whole flash over esptool-js takes seconds on a busy machine: no tight timeout.
        test: {
          name: "guides",
          include: ["src/guides/examples/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
        },
      },
    ],
  },
});
