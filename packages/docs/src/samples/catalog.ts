// Every sample manifest the docs serve. Pure data: the Vite plugin in .storybook builds the
// firmware files from it (makeSampleFirmware, in Node) and the stories link to them, so the
// examples are real manifests over HTTP in `storybook dev`, the static build and tests.
import { CHIP_FAMILIES, type ChipFamily } from "@esp-flash/virtual-device";

export type SampleKind = "micropython-esp8266" | "esp32-merged" | "esp32-parts" | "app";
export interface SampleBuildSpec {
  chip: ChipFamily;
  kind: SampleKind;
  seed: number;
  /** Flash size written into the image header (makeSampleFirmware's default when absent). */
  headerFlashSize?: string;
  /** Approximate image size in bytes. */
  size?: number;
  /** Variant label, shown when several builds fit one chip. */
  name?: string;
}
export interface SampleManifestSpec {
  id: string;
  name: string;
  version: string;
  builds: SampleBuildSpec[];
}

/** Every family the virtual board models (the same list core supports). */
export const FAMILIES: readonly ChipFamily[] = CHIP_FAMILIES;

/** The live story's manifest: one build for every family, so any board finds one. */
export const DEMO: SampleManifestSpec = {
  id: "demo",
  name: "esp-flash sample firmware",
  version: "1.0.0",
  builds: FAMILIES.map((chip) => ({
    chip,
    kind: chip === "ESP8266" ? "micropython-esp8266" : "esp32-parts",
    seed: 1,
    size: 512 * 1024,
  })),
};

/**
 * The Wi-Fi setup story's manifest: firmware that offers Improv, so not MicroPython's image on
 * the ESP8266 (after installing MicroPython the dialog rightly waits for no Wi-Fi setup).
 */
export const IMPROV_DEMO: SampleManifestSpec = {
  ...DEMO,
  id: "improv-demo",
  name: "esp-flash Wi-Fi sample",
  builds: DEMO.builds.map((build) =>
    build.chip === "ESP8266" ? { ...build, kind: "app" } : build,
  ),
};

export interface Release {
  version: string;
  date: string;
  notes: string;
  seed: number;
}
export interface Board {
  id: string;
  name: string;
  chip: ChipFamily;
  kind: SampleKind;
  variants: { name?: string; headerFlashSize?: string }[];
}

export const PROJECT = "Firefly LED controller";
export const RELEASES: Release[] = [
  {
    version: "2.1.0",
    date: "2025-09-14",
    notes: "Music-reactive effects; faster Wi-Fi reconnect.",
    seed: 210,
  },
  {
    version: "2.0.4",
    date: "2025-06-02",
    notes: "Fixes brown-out resets on long strips.",
    seed: 204,
  },
  {
    version: "1.9.0",
    date: "2025-01-20",
    notes: "Last release with the classic web UI.",
    seed: 190,
  },
];
export const BOARDS: Board[] = [
  {
    id: "d1-mini",
    name: "Wemos D1 mini",
    chip: "ESP8266",
    kind: "micropython-esp8266",
    variants: [{}],
  },
  { id: "devkitc", name: "ESP32-DevKitC", chip: "ESP32", kind: "esp32-merged", variants: [{}] },
  {
    id: "c3-supermini",
    name: "ESP32-C3 SuperMini",
    chip: "ESP32-C3",
    kind: "esp32-parts",
    variants: [{}],
  },
  {
    id: "s3-devkitc",
    name: "ESP32-S3-DevKitC-1",
    chip: "ESP32-S3",
    kind: "esp32-parts",
    variants: [
      { name: "N8: 8MB flash", headerFlashSize: "8MB" },
      { name: "N16R8: 16MB flash, PSRAM", headerFlashSize: "16MB" },
    ],
  },
];

export function releaseManifest(board: Board, release: Release): SampleManifestSpec {
  return {
    id: `${board.id}-${release.version}`,
    name: `${PROJECT} for ${board.name}`,
    version: release.version,
    builds: board.variants.map((v) => ({
      chip: board.chip,
      kind: board.kind,
      seed: release.seed,
      size: 256 * 1024,
      ...v,
    })),
  };
}

export const SAMPLE_MANIFESTS: SampleManifestSpec[] = [
  DEMO,
  IMPROV_DEMO,
  ...BOARDS.flatMap((board) => RELEASES.map((release) => releaseManifest(board, release))),
];

/** Where a sample manifest is served, relative to the Storybook iframe page. */
export const manifestUrl = (spec: SampleManifestSpec) => `sample-firmware/${spec.id}/manifest.json`;
