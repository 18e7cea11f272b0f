// `pnpm pack:npm`: the public packages as npm tarballs, for projects that want to install them
// before they are on npm. Writes them to tarballs/ and prints the npm command that installs
// them together (each package finds the others in the same install).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { publicPackages } from "./public-packages.mjs";

const root = join(import.meta.dirname, "..");
const out = join(root, "tarballs");
const packages = publicPackages();

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "build",
    "--output-logs=errors-only",
    ...packages.map((p) => `--filter=${p.name}`),
  ],
  { cwd: root, env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
for (const pkg of packages) {
  // Pack what was just built; prepack would build it again.
  run("pnpm", ["pack", "--pack-destination", out], {
    cwd: pkg.dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, npm_config_ignore_scripts: "true" },
  });
}
const files = readdirSync(out).filter((name) => name.endsWith(".tgz"));
const path = (name) => join(out, name);
const core = files.find((name) => name.startsWith("esp-flash-core-"));
const elements = files.find((name) => name.startsWith("esp-flash-elements-"));
const cli = files.find((name) => name.startsWith("esp-flash-cli-"));
const device = files.find((name) => name.startsWith("esp-flash-virtual-device-"));
console.log(`
Tarballs in ${out}/:
${files.map((name) => `  ${name}`).join("\n")}

In your project (core comes along: it is not on npm yet either):
  npm install ${path(core)} ${path(elements)}
The CLI, globally:
  npm install -g ${path(core)} ${path(cli)}
The virtual device, for tests:
  npm install -D ${path(device)}`);
