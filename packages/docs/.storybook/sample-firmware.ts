import { createHash } from "node:crypto";
import type { Plugin } from "vite";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { SAMPLE_MANIFESTS, type SampleManifestSpec } from "../src/samples/catalog.js";

const FOLDER = "sample-firmware";

/** One sample manifest's files (manifest.json and its parts), by name inside its folder. */
function renderManifest(spec: SampleManifestSpec): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const builds = spec.builds.map((build, i) => {
    const firmware = makeSampleFirmware(build.kind, {
      chip: build.chip,
      seed: build.seed,
      size: build.size,
      flashSize: build.headerFlashSize,
    });
    const parts =
      build.kind === "esp32-merged" && firmware.merged
        ? [{ name: "merged", offset: 0, data: firmware.merged }]
        : firmware.parts;
    return {
      chipFamily: build.chip,
      ...(build.name ? { name: build.name } : {}),
      parts: parts.map(({ name, offset, data }) => {
        const path = `${i}-${build.chip.toLowerCase()}-${name}.bin`;
        files.set(path, data);
        // Our manifest extension: the download is refused unless it matches.
        return { path, offset, sha256: createHash("sha256").update(data).digest("hex") };
      }),
    };
  });
  const manifest = { name: spec.name, version: spec.version, builds };
  files.set("manifest.json", new TextEncoder().encode(JSON.stringify(manifest, null, 2)));
  return files;
}

/**
 * Serves the sample firmware of src/samples/catalog.ts under sample-firmware/: made on
 * request by the dev server (storybook dev, story tests), written out by the static build.
 */
export function sampleFirmware(): Plugin {
  const cache = new Map<string, Map<string, Uint8Array>>();
  const filesOf = (spec: SampleManifestSpec) => {
    let files = cache.get(spec.id);
    if (!files) cache.set(spec.id, (files = renderManifest(spec)));
    return files;
  };
  return {
    name: "esp-flash-sample-firmware",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // Any prefix: the vitest browser page is not at the server root.
        const match = /\/sample-firmware\/([^/]+)\/([^/?]+)/.exec(req.url ?? "");
        const spec = match && SAMPLE_MANIFESTS.find((s) => s.id === match[1]);
        const file = spec && filesOf(spec).get(match[2]!);
        if (!file) return next();
        res.setHeader(
          "Content-Type",
          match[2]!.endsWith(".json") ? "application/json" : "application/octet-stream",
        );
        res.setHeader("Content-Length", String(file.length));
        res.end(file);
      });
    },
    generateBundle() {
      for (const spec of SAMPLE_MANIFESTS)
        for (const [name, source] of filesOf(spec))
          this.emitFile({ type: "asset", fileName: `${FOLDER}/${spec.id}/${name}`, source });
    },
  };
}
