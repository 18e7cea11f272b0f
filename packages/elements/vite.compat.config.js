// dist/web/esp-web-tools-compat.js: a few hundred bytes that import ./esp-flash-button.js (built by
// vite.config.js, kept external here) and define <esp-web-install-button> on top of it.
import { defineConfig } from "vite";

const isWebEntry = (id) => /(^|[/\\])web\.(ts|js)$/.test(id);

export default defineConfig({
  build: {
    outDir: "dist/web",
    emptyOutDir: false,
    target: "es2022",
    sourcemap: false,
    lib: { entry: "src/web-compat.ts", formats: ["es"], fileName: () => "esp-web-tools-compat.js" },
    rollupOptions: {
      external: isWebEntry,
      output: { paths: (id) => (isWebEntry(id) ? "./esp-flash-button.js" : id) },
    },
  },
  esbuild: { target: "es2022" },
});
