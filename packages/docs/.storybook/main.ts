import type { StorybookConfig } from "@storybook/web-components-vite";
import remarkGfm from "remark-gfm";
import { optionalJson } from "./optional-json.js";
import { sampleFirmware } from "./sample-firmware.js";
import { vendoredJsonImports } from "./vendored-json.js";

const config: StorybookConfig = {
  framework: "@storybook/web-components-vite",
  stories: ["../src/**/*.mdx", "../src/**/*.stories.ts", "../../elements/src/**/*.stories.ts"],
  addons: [
    // GitHub-flavoured Markdown: the guides use tables.
    {
      name: "@storybook/addon-docs",
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    // Its "Run tests" panel is for contributors (`pnpm test` runs the same stories); the site a
    // reader opens with `pnpm start` leaves it out.
    ...(process.env.VITEST ? ["@storybook/addon-vitest"] : []),
  ],
  core: { disableTelemetry: true },
  // Storybook's own "Get started" checklist is for people writing stories, not for our readers.
  features: { sidebarOnboardingChecklist: false },
  async viteFinal(config) {
    const plugin = optionalJson({
      "@esp-flash/elements/custom-elements.json": {
        value: { schemaVersion: "1.0.0", modules: [] },
        fix: "pnpm --filter @esp-flash/elements build",
      },
    });
    config.plugins = [...(config.plugins ?? []), plugin, sampleFirmware(), vendoredJsonImports()];
    // Lit's standard decorators (`@property() accessor x`) must be lowered: browsers and
    // Rollup do not parse them yet.
    config.esbuild = { ...config.esbuild, target: "es2022" };
    return config;
  },
};

export default config;
