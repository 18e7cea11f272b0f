// `pnpm build:web`: builds the button for self-hosting (what the CDN will serve once
// @esp-flash/elements is on npm) and says where it landed. Copy that folder next to your page.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const web = join(root, "packages", "elements", "dist", "web");

const build = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "build", "--filter=@esp-flash/elements", "--output-logs=errors-only"],
  { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
if (build.status !== 0) process.exit(build.status ?? 1);

// The two entries a page loads; the other files are chunks they load on demand.
const entries = ["esp-flash-button.js", "esp-web-tools-compat.js"];
console.log(`
Self-hostable build: ${relative(process.cwd(), web) || "."}/ (${readdirSync(web, { recursive: true }).length} files)
Copy the whole folder to your server, e.g. as /esp-flash/, and load one entry:
${entries.map((name) => `  <script type="module" src="/esp-flash/${name}"></script>`).join("\n")}
(the first for <esp-flash-button>, the second for <esp-web-install-button> pages)`);
