// Makes custom-elements.json describe the package as published: module paths name the
// dist/*.js files in the tarball (the analyzer reads src/*.ts, which is not shipped), a type
// that is an alias of string literals is written out as its values (editors then offer them
// for `erase`), and modules are in path order (the analyzer's order varies between runs, which
// made two builds of one commit pack different tarballs).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The analyzer's output, rewritten in place (an argument names another copy). */
const FILE = process.argv[2] ?? "custom-elements.json";

/** `export type Name = "a" | "b";` aliases declared in dist's type files. */
function literalAliases(dir, aliases = new Map()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) literalAliases(path, aliases);
    else if (entry.name.endsWith(".d.ts"))
      for (const [, name, union] of readFileSync(path, "utf8").matchAll(
        /export type (\w+) =\s*((?:\|?\s*"[^"]*"\s*)+);/g,
      ))
        aliases.set(
          name,
          union
            .trim()
            .replace(/^\|\s*/, "")
            .replace(/\s+/g, " "),
        );
  }
  return aliases;
}

const aliases = literalAliases("dist");
const toDist = (path) => {
  const m = /^\/?src\/(.+)\.(?:ts|js)$/.exec(path);
  return m ? `dist/${m[1]}.js` : path;
};
const manifest = JSON.parse(readFileSync(FILE, "utf8"), (key, value) => {
  if (typeof value !== "string") return value;
  if (key === "path" || key === "module") return toDist(value);
  if (key === "text" && aliases.has(value)) return aliases.get(value);
  return value;
});
for (const module of manifest.modules)
  if (!existsSync(module.path)) throw new Error(`${FILE} names ${module.path}, not in dist`);
manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
writeFileSync(FILE, `${JSON.stringify(manifest, null, 2)}\n`);
