// Script-tag build: dist/web/esp-flash-button.js plus lazy chunks (dialog, core + esptool-js,
// per-chip stubs, terminal, locales), for <script type="module" src="…/esp-flash-button.js">.
import { defineConfig, transformWithEsbuild } from "vite";

// Vite leaves whitespace in library ES builds; a CDN script should be fully minified.
const minifyChunks = {
  name: "minify-chunks",
  enforce: "post",
  renderChunk: {
    order: "post",
    handler: (code, chunk) =>
      transformWithEsbuild(code, chunk.fileName, { minify: true, target: "es2022", format: "esm", sourcemap: true }),
  },
};

export default defineConfig({
  plugins: [minifyChunks],
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    reportCompressedSize: true,
    lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "esp-flash-button.js" },
    rollupOptions: { output: { chunkFileNames: "chunks/[name]-[hash].js" } },
    // esptool-js imports the CommonJS package atob-lite; its "browser" file is what we want.
    commonjsOptions: { include: [/node_modules/], transformMixedEsModules: true },
  },
  resolve: { mainFields: ["browser", "module", "main"] },
  // Lower the standard decorators (`@property() accessor x`) while transpiling TypeScript.
  esbuild: { target: "es2022" },
});
