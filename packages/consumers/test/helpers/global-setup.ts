// Packs every public package as `pnpm publish` would, then installs the tarballs (not the
// workspace) into one app folder holding the fixture apps, with their frameworks from npm.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: a plain .mjs helper shared with scripts/release.mjs
import { publicPackages } from "../../../../scripts/public-packages.mjs";
import { buildAgain } from "./build-again.js";
import { mustRun } from "./run.js";

export interface Tarball {
  name: string;
  version: string;
  file: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    appDir: string;
    /** The React 18 + Vue 2.7 project; legacyInstall is npm's complaint, "" when it installed. */
    legacyDir: string;
    legacyInstall: string;
    tarballs: Tarball[];
    /** The same packages built a second time from the same sources: tarball path by name. */
    rebuilt: Record<string, string>;
    /** Why the second build failed, "" when it did not. */
    rebuildError: string;
  }
}

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** The frameworks the fixture apps use, as a new project would install them. */
const APP_DEPENDENCIES = {
  "@sveltejs/vite-plugin-svelte": "^6.2.0",
  "@types/node": "^20.19.0",
  "@types/react": "^19.0.0",
  "@types/react-dom": "^19.0.0",
  "@vitejs/plugin-vue": "^6.0.0",
  // The registry's esptool-js, unpatched: core must still flash with it (patches/README.md).
  "esptool-js": "0.7.0",
  next: "^16.0.0",
  react: "^19.0.0",
  "react-dom": "^19.0.0",
  svelte: "^5.0.0",
  "svelte-check": "^4.0.0",
  typescript: "~6.0.3",
  vite: "^7.3.0",
  vue: "^3.5.0",
  "vue-tsc": "^3.0.0",
};

/**
 * A project on the previous majors (React 18, Vue 2.7) and the oldest TypeScript we support,
 * where ESP Web Tools installs too: the install itself is a test (npm refuses peers out of
 * range), then a type-check.
 */
const LEGACY_DEPENDENCIES = {
  "@types/react": "^18.3.0",
  react: "^18.3.0",
  "react-dom": "^18.3.0",
  // The oldest TypeScript the packages' types support (the READMEs say so).
  typescript: "~5.6.3",
  vue: "~2.7.16",
};

const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

/** Writes a package.json taking the public packages from the tarballs, and installs it. */
async function installApp(dir: string, tarballs: Tarball[], dependencies: object): Promise<void> {
  const fromTarballs = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`]));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "esp-flash-consumer-apps",
        private: true,
        type: "module",
        dependencies: { ...fromTarballs, ...dependencies },
        // elements depends on core by version; take it from the tarball, never the registry.
        overrides: Object.fromEntries(tarballs.map((t) => [t.name, `$${t.name}`])),
      },
      null,
      2,
    ),
  );
  await mustRun("npm", NPM_INSTALL, { cwd: dir });
}

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

  // The second build runs while npm installs (mostly waiting on the network).
  const rebuild = buildAgain(
    join(import.meta.dirname, "..", "..", "..", ".."),
    publicPackages(),
    join(work, "again"),
  ).then(
    (files) => ({ files, error: "" }),
    (error: Error) => ({ files: {}, error: error.message }),
  );

  const appDir = join(work, "app");
  cpSync(FIXTURES, appDir, { recursive: true });
  const legacyDir = join(work, "legacy");
  cpSync(join(import.meta.dirname, "..", "legacy"), legacyDir, { recursive: true });
  const legacy = installApp(legacyDir, tarballs, LEGACY_DEPENDENCIES).then(
    () => "",
    (error: Error) => error.message,
  );
  try {
    await installApp(appDir, tarballs, APP_DEPENDENCIES);
  } catch (error) {
    // Nothing left running or on disk when setup fails.
    await Promise.all([legacy, rebuild]);
    rmSync(work, { recursive: true, force: true });
    throw error;
  }

  const rebuilt = await rebuild;
  project.provide("rebuilt", rebuilt.files);
  project.provide("rebuildError", rebuilt.error);
  project.provide("legacyInstall", await legacy);
  project.provide("legacyDir", legacyDir);
  project.provide("appDir", appDir);
  project.provide("tarballs", tarballs);
  return () => rmSync(work, { recursive: true, force: true });
}
