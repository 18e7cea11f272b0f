// Ships the esptool-js the tests ran. The workspace's esptool-js is 0.7.0 with
// patches/esptool-js@0.7.0.patch applied by pnpm (chip targets, image parsers and pako load on
// demand; see patches/README.md). A patch applies only inside this workspace, so npm users would
// get the registry's unpatched 0.7.0 and a first click ~26 KB gzip heavier than the script tag's.
// Instead, dist/vendor/esptool-js holds that patched copy, with its licence and a notice of
// the change (Apache-2.0 §4), and dist's imports of "esptool-js" point at it.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, relative, sep } from "node:path";

const VERSION = "0.7.0";
const TARGET = join("dist", "vendor", "esptool-js");
const ENTRY = join(TARGET, "lib", "index.js");

const source = dirname(createRequire(import.meta.url).resolve("esptool-js/package.json"));
const pkg = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
if (pkg.version !== VERSION)
  throw new Error(`esptool-js ${pkg.version} installed; the patch and notice are for ${VERSION}`);
// The patch's own function: without it this would ship the unpatched release under our notice.
if (!readFileSync(join(source, "lib", "targets", "index.js"), "utf8").includes("loadRom"))
  throw new Error("the installed esptool-js is not patched: run pnpm install");

rmSync(TARGET, { recursive: true, force: true });
cpSync(join(source, "lib"), join(TARGET, "lib"), { recursive: true });
cpSync(join(source, "LICENSE"), join(TARGET, "LICENSE"));
writeFileSync(
  join(TARGET, "NOTICE.md"),
  `# esptool-js ${VERSION}, modified

\`lib/\` is esptool-js ${VERSION} (https://github.com/espressif/esptool-js, Copyright Espressif
Systems (Shanghai) Co. Ltd., Apache License 2.0, see LICENSE) as published on npm, with one change
by the esp-flash authors: \`lib/esploader.js\`, \`lib/targets/index.js\` and
\`lib/targets/index.d.ts\` load each chip's ROM target, the image parsers and pako when first
needed instead of up front. The change is offered upstream; the patch and the reasons are in
esp-flash's repository under patches/ (patches/README.md).
`,
);

/** Every .js and .d.ts file of dist outside the vendored copy. */
function* outputs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join("dist", "vendor")) yield* outputs(path);
    } else if (/\.(js|d\.ts)$/.test(entry.name)) yield path;
  }
}

let rewritten = 0;
for (const file of outputs("dist")) {
  const text = readFileSync(file, "utf8");
  let specifier = relative(dirname(file), ENTRY).split(sep).join(posix.sep);
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const next = text.replace(/((?:from|import)\s*\(?\s*)"esptool-js"/g, `$1"${specifier}"`);
  if (next !== text) {
    writeFileSync(file, next);
    rewritten++;
  }
}
if (rewritten === 0)
  throw new Error('no import of "esptool-js" found in dist: nothing points at the copy');
