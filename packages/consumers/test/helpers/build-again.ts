// A second build of the same sources, for the reproducibility check: the repository's files (as a
// fresh clone holds them: tracked plus untracked-but-not-ignored, so no dist, no manifest, no
// cache) are copied into a new folder, each public package's own build script runs there in
// dependency order, and the packages are packed as global-setup packs the workspace's build.
// The copy shares the installed dependencies (symlinked, read only) but none of the build outputs.
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { mustRun } from "./run.js";

interface PublicPackage {
  name: string;
  version: string;
  dir: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The environment of a build outside the test runner (vitest sets NODE_ENV=test, Vite reads it). */
const BUILD_ENV = { NODE_ENV: undefined, VITEST: undefined, VITEST_MODE: undefined };

/** `packages` ordered so each comes after the public packages it depends on (turbo's ^build). */
export function buildOrder<T extends PublicPackage>(packages: T[]): T[] {
  const ordered: T[] = [];
  const visit = (pkg: T, path: string[]) => {
    if (ordered.includes(pkg)) return;
    if (path.includes(pkg.name)) throw new Error(`dependency cycle: ${[...path, pkg.name]}`);
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const dep of packages.filter((p) => p.name in deps)) visit(dep, [...path, pkg.name]);
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg, []);
  return ordered;
}

/** Copies the repository at `root` into `copy` without build outputs; node_modules are linked. */
async function copySources(root: string, copy: string): Promise<void> {
  const listed = await mustRun(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: root },
  );
  for (const file of listed.split("\0").filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  // pnpm's links inside a package's node_modules are relative: copied as they are, a workspace
  // dependency (../../../core) is the copy's own package, the rest resolve through the root link.
  for (const name of readdirSync(join(root, "packages"))) {
    const modules = join(root, "packages", name, "node_modules");
    if (existsSync(modules))
      cpSync(modules, join(copy, "packages", name, "node_modules"), {
        recursive: true,
        verbatimSymlinks: true,
      });
  }
}

/**
 * Builds `packages` again from `root`'s sources in `work`/repo and packs them into
 * `work`/tarballs; resolves with each tarball's path by package name.
 */
export async function buildAgain(
  root: string,
  packages: PublicPackage[],
  work: string,
): Promise<Record<string, string>> {
  const copy = join(work, "repo");
  const packDir = join(work, "tarballs");
  mkdirSync(packDir, { recursive: true });
  await copySources(root, copy);
  const files: Record<string, string> = {};
  for (const pkg of buildOrder(packages)) {
    const dir = join(copy, relative(root, pkg.dir));
    // A build that finds old outputs proves nothing: the copy must start without them.
    if (existsSync(join(dir, "dist"))) throw new Error(`${dir}/dist exists before the build`);
    await mustRun("pnpm", ["run", "build"], { cwd: dir, env: BUILD_ENV });
    await mustRun("pnpm", ["pack", "--pack-destination", packDir], {
      cwd: dir,
      env: { ...BUILD_ENV, npm_config_ignore_scripts: "true" },
    });
    const stem = `${pkg.name.replace("@", "").replace("/", "-")}-${pkg.version}.tgz`;
    if (!existsSync(join(packDir, stem))) throw new Error(`pnpm pack wrote no ${stem} in ${dir}`);
    files[pkg.name] = join(packDir, stem);
  }
  return files;
}
