// Core's dist carries its own esptool-js copy, which loads each chip's stub with
// `import("./….json", { with: { type: "json" } })`. Vite's dev server (Storybook, its vitest
// runs) serves JSON to `import()` as a JavaScript module, which Chromium refuses for a JSON
// import: there, the copy's stub imports become plain ones, as Vite expects. (A production
// build bundles them; npm apps get core pre-bundled by Vite's optimizer, which does the same.)
import type { Plugin } from "vite";

export function vendoredJsonImports(): Plugin {
  return {
    name: "esp-flash-vendored-json-imports",
    apply: "serve",
    transform(code, id) {
      if (!/[\\/]vendor[\\/]esptool-js[\\/].*\.js$/.test(id)) return undefined;
      return code.replaceAll(/,\s*\{\s*with:\s*\{\s*type:\s*"json"\s*\}\s*\}/g, "");
    },
  };
}
