// Browser build for pages without a bundler: dist/web/virtual-device.js, one self-contained
// ES module (pako and @noble/hashes inside), for <script type="module"> and import().
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false, // the page-ready bundle ships without a map; the package maps carry the sources
    minify: "esbuild",
    reportCompressedSize: false,
    lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "virtual-device.js" },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
