// `pnpm release`: build every public package, check what would be published, then publish
// the versions changesets made (`changeset publish`, which skips versions already on npm).
// `pnpm release --dry-run`: the same up to the publish, which only reports the tarballs.
import { spawnSync } from "node:child_process";
import { publicPackages, checkPublishMetadata } from "./public-packages.mjs";

const dryRun = process.argv.includes("--dry-run");

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const packages = publicPackages();
const problems = packages.flatMap(checkPublishMetadata);
if (problems.length > 0) {
  console.error(`Not publishable:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}

run("pnpm", ["exec", "turbo", "run", "build", ...packages.map((p) => `--filter=${p.name}`)]);

if (dryRun) {
  for (const pkg of packages) {
    console.log(`\n== ${pkg.name}@${pkg.version} (access ${pkg.publishConfig.access})`);
    run("pnpm", ["publish", "--dry-run", "--no-git-checks", "--ignore-scripts"], pkg.dir);
  }
} else {
  run("pnpm", ["exec", "changeset", "publish"]);
}
