// The workspace packages that go to npm, and the metadata each must carry to be published
// publicly with provenance.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

/** @returns {Array<Record<string, any> & { dir: string }>} */
export function publicPackages() {
  const dir = join(root, "packages");
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((pkgDir) => existsSync(join(pkgDir, "package.json")))
    .map((pkgDir) => ({
      ...JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")),
      dir: pkgDir,
    }))
    .filter((pkg) => !pkg.private);
}

const REQUIRED = [
  "description",
  "license",
  "repository",
  "homepage",
  "bugs",
  "keywords",
  "engines",
  "files",
  "exports",
];

/** Problems that would make `pkg` publish wrongly (restricted, or without provenance data). */
export function checkPublishMetadata(pkg) {
  const problems = REQUIRED.filter((key) => pkg[key] === undefined).map(
    (key) => `${pkg.name}: no "${key}"`,
  );
  if (pkg.publishConfig?.access !== "public")
    problems.push(`${pkg.name}: publishConfig.access is not "public"`);
  if (!pkg.repository?.directory) problems.push(`${pkg.name}: repository.directory is missing`);
  if (!existsSync(join(pkg.dir, "README.md"))) problems.push(`${pkg.name}: no README.md`);
  if (pkg.license !== "Apache-2.0") problems.push(`${pkg.name}: license is not Apache-2.0`);
  return problems;
}
