// Packs every public package as `pnpm publish` would, then installs the tarballs (not the
// workspace) into one app folder holding the fixture apps, with their frameworks from npm.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: a plain .mjs helper shared with scripts/release.mjs
import { publicPackages } from "../../../../scripts/public-packages.mjs";
import { mustRun } from "./run.js";

export interface Tarball {
  name: string;
  version: string;
  file: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    appDir: string;
    tarballs: Tarball[];
  }
}

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** The frameworks the fixture apps use, as a new project would install them. */
const APP_DEPENDENCIES = {
  "@types/node": "^20.19.0",
  "@types/react": "^19.0.0",
  "@types/react-dom": "^19.0.0",
  "@vitejs/plugin-vue": "^6.0.0",
  react: "^19.0.0",
  "react-dom": "^19.0.0",
  typescript: "~6.0.3",
  vite: "^7.3.0",
  vue: "^3.5.0",
  "vue-tsc": "^3.0.0",
};

export default async function setup(project: TestProject): Promise<() => void> {
  const work = mkdtempSync(join(tmpdir(), "esp-flash-consumers-"));
  const packDir = join(work, "tarballs");
  mkdirSync(packDir);
  const tarballs: Tarball[] = [];
  for (const pkg of publicPackages() as { name: string; version: string; dir: string }[]) {
    // The workspace build (turbo's ^build) is what gets packed: don't let prepack rebuild it.
    await mustRun("pnpm", ["pack", "--pack-destination", packDir], {
      cwd: pkg.dir,
      env: { npm_config_ignore_scripts: "true" },
    });
    const stem = `${pkg.name.replace("@", "").replace("/", "-")}-${pkg.version}.tgz`;
    if (!readdirSync(packDir).includes(stem)) throw new Error(`pnpm pack wrote no ${stem}`);
    tarballs.push({ name: pkg.name, version: pkg.version, file: join(packDir, stem) });
  }

  const appDir = join(work, "app");
  cpSync(FIXTURES, appDir, { recursive: true });
  const fromTarballs = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`]));
  writeFileSync(
    join(appDir, "package.json"),
    JSON.stringify(
      {
        name: "esp-flash-consumer-apps",
        private: true,
        type: "module",
        dependencies: { ...fromTarballs, ...APP_DEPENDENCIES },
        // elements depends on core by version; take it from the tarball, never the registry.
        overrides: Object.fromEntries(tarballs.map((t) => [t.name, `$${t.name}`])),
      },
      null,
      2,
    ),
  );
  await mustRun(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    { cwd: appDir },
  );

  project.provide("appDir", appDir);
  project.provide("tarballs", tarballs);
  return () => rmSync(work, { recursive: true, force: true });
}
