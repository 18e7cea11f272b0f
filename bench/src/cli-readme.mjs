// Writes the CLI-vs-esptool.py figures into packages/cli/README.md between its markers.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { cliReadmeBlock } from "./cli-vs-esptool.mjs";

const README = join(import.meta.dirname, "..", "..", "packages", "cli", "README.md");

export async function refreshCliReadme(cli, machine, source) {
  const block = cliReadmeBlock(cli, machine, source);
  if (!block) return;
  const readme = readFileSync(README, "utf8");
  const marked = /(<!-- cli-bench:start -->\n)[\s\S]*?(<!-- cli-bench:end -->)/;
  if (!marked.test(readme)) return;
  const updated = readme.replace(marked, `$1${block}\n$2`);
  const options = (await prettier.resolveConfig(README)) ?? {};
  writeFileSync(README, await prettier.format(updated, { ...options, filepath: README }));
}
