// Script-tag build: dist/web/esp-flash-button.js plus lazy chunks (dialog, core + esptool-js,
// per-chip stubs, views an install does not pass through, Improv, terminal, locales), for
// <script type="module" src="…/esp-flash-button.js">.
import { defineConfig, transformWithEsbuild } from "vite";

// Vite leaves whitespace in library ES builds; a CDN script should be fully minified.
const minifyChunks = {
  name: "minify-chunks",
  enforce: "post",
  renderChunk: {
    order: "post",
    handler: (code, chunk) =>
      // Module scripts are always UTF-8: keep non-ASCII text (the zh-Hans strings) as is, not \u escapes.
      transformWithEsbuild(code, chunk.fileName, {
        minify: true,
        charset: "utf8",
        target: "es2022",
        format: "esm",
        sourcemap: false,
      }),
  },
};

export default defineConfig({
  plugins: [minifyChunks],
  // URLs between emitted files (the worker's) relative to the script, wherever it is served from.
  base: "./",
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
    target: "es2022",
    // No maps on the CDN build: they would be most of the tarball, and the package maps carry the sources.
    sourcemap: false,
    reportCompressedSize: true,
    lib: { entry: "src/web.ts", formats: ["es"], fileName: () => "esp-flash-button.js" },
    rollupOptions: {
      // The entry may export what the lazy chunks share with it, instead of re-exporting a chunk.
      preserveEntrySignatures: "allow-extension",
      output: { chunkFileNames: "chunks/[name]-[hash].js" },
    },
    // esptool-js imports the CommonJS package atob-lite; its "browser" file is what we want.
    commonjsOptions: { include: [/node_modules/], transformMixedEsModules: true },
  },
  // The prepare worker (new Worker(new URL("./prepare-worker.js", import.meta.url))) ships as
  // dist/web/prepare-worker.js, a same-origin file: CSP `worker-src 'self'` allows it, no blob:.
  worker: {
    format: "es",
    plugins: () => [minifyChunks],
    rollupOptions: {
      output: {
        entryFileNames: "prepare-worker.js",
        chunkFileNames: "chunks/worker-[name]-[hash].js",
      },
    },
  },
  resolve: { mainFields: ["browser", "module", "main"] },
  // Lower the standard decorators (`@property() accessor x`) while transpiling TypeScript.
  esbuild: { target: "es2022" },
});
