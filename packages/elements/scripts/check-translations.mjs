// Every text the dialog shows through @lit/localize's msg() has a German and a Chinese
// translation, and no translation is left over from a text that is gone. Run by `pnpm lint`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const src = join(import.meta.dirname, "..", "src");
const LOCALES = ["de", "zh-Hans"];

const sources = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
  (name) =>
    name.endsWith(".ts") &&
    !name.endsWith(".test.ts") &&
    !name.endsWith(".stories.ts") &&
    !name.startsWith("generated"),
);
const used = new Set();
for (const name of sources) {
  const text = readFileSync(join(src, name), "utf8");
  if (!text.includes("@lit/localize")) continue;
  for (const match of text.matchAll(
    /\bmsg\(\s*(?:html|str)?`(?:[^`\\]|\\.)*`\s*,\s*\{\s*id:\s*"([^"]+)"/g,
  ))
    used.add(match[1]);
  for (const match of text.matchAll(/\bmsg\(\s*"(?:[^"\\]|\\.)*"\s*,\s*\{\s*id:\s*"([^"]+)"/g))
    used.add(match[1]);
}

let problems = 0;
for (const locale of LOCALES) {
  const table = readFileSync(join(src, "generated", "locales", `${locale}.ts`), "utf8");
  const have = new Set([...table.matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]));
  for (const id of used)
    if (!have.has(id)) {
      console.error(`${locale}: no translation for "${id}"`);
      problems++;
    }
  for (const id of have)
    if (!used.has(id)) {
      console.error(`${locale}: "${id}" translates a text no code shows`);
      problems++;
    }
}
if (used.size < 50) {
  console.error(`Found only ${used.size} texts: the check no longer reads the code's msg() calls.`);
  problems++;
}
if (problems) process.exit(1);
console.log(`${used.size} texts, each translated in ${LOCALES.join(" and ")}.`);
