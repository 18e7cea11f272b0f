// What the docs show a reader to type, read from the Markdown itself: code blocks and
// paragraphs, the install lines that need a published release, and the commands that work
// today (shell lines under a `# Today` comment).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..", "..");

/** Every README and guide a reader meets. */
export function docFiles(): string[] {
  const guides = join(ROOT, "packages", "docs", "src");
  const mdx = readdirSync(guides, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".mdx"))
    .map((name) => join(guides, name));
  const readmes = readdirSync(join(ROOT, "packages"))
    .map((name) => join(ROOT, "packages", name, "README.md"))
    .filter((path) => {
      try {
        return readFileSync(path, "utf8").length > 0;
      } catch {
        return false;
      }
    });
  return [join(ROOT, "README.md"), join(ROOT, "CONTRIBUTING.md"), ...readmes, ...mdx];
}

export interface DocUnit {
  file: string;
  line: number;
  /** The fence's language for a code block; undefined for a paragraph. */
  lang?: string;
  /** What follows the language on the fence line (`file=my-site/index.html`), if anything. */
  meta?: string;
  text: string;
}

/** Fenced code blocks and blank-line-separated paragraphs, with where each starts. */
export function units(path: string): DocUnit[] {
  const file = relative(ROOT, path);
  const lines = readFileSync(path, "utf8").split("\n");
  const out: DocUnit[] = [];
  let current: DocUnit | undefined;
  let fenced = false;
  lines.forEach((line, i) => {
    const fence = /^\s*```(\w*)\s*(.*)$/.exec(line);
    if (fence && !fenced) {
      if (current) out.push(current);
      current = {
        file,
        line: i + 1,
        lang: fence[1] || "text",
        meta: fence[2] || undefined,
        text: "",
      };
      fenced = true;
    } else if (fence && fenced) {
      out.push(current!);
      current = undefined;
      fenced = false;
    } else if (fenced) {
      current!.text += `${line}\n`;
    } else if (line.trim() === "") {
      if (current) out.push(current);
      current = undefined;
    } else {
      current ??= { file, line: i + 1, text: "" };
      current.text += `${line}\n`;
    }
  });
  if (current) out.push(current);
  return out;
}

/** Lines that only work once the packages are on npm (and its CDNs). */
const NEEDS_RELEASE = [
  /\bnpm (?:i|install)\b[^\n`]*@esp-flash\//,
  /\bnpx @esp-flash\//,
  /\bpnpm add\b[^\n`]*@esp-flash\//,
  /(?:cdn\.jsdelivr\.net\/npm|unpkg\.com)\/@esp-flash\//,
];

export const needsRelease = (text: string): string[] =>
  text.split("\n").filter((line) => NEEDS_RELEASE.some((pattern) => pattern.test(line)));

/** A unit that shows a release-only line must say so and show what works today beside it. */
export function explainsToday(text: string): boolean {
  return (
    /\bonce (?:\S+ ){0,3}(?:published|on npm)\b/i.test(text) &&
    /pnpm (?:build:web|pack:npm|exec esp-flash|exec virtual-esp)|packages\/\w[\w-]*\//.test(text)
  );
}

/** Shell lines under a `# Today` comment (up to a `# Once …` comment or the block's end). */
export function todayCommands(unit: DocUnit): string[] {
  if (!unit.lang || !["sh", "bash", "shell"].includes(unit.lang)) return [];
  const commands: string[] = [];
  let today = false;
  for (const raw of unit.text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) {
      if (/^#\s*today\b/i.test(line)) today = true;
      else if (/^#\s*once\b/i.test(line)) today = false;
      continue;
    }
    if (today && line) commands.push(line.replace(/\s+#.*$/, ""));
  }
  return commands;
}
