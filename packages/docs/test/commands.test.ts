// The docs check: every command a README or guide shows works as written in a fresh clone,
// or is marked as needing a published release next to the command that works today.
// Runs after every package is built (scripts/test.mjs runs it last, on its own).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  docFiles,
  explainsToday,
  needsRelease,
  ROOT,
  todayCommands,
  units,
} from "./docs-commands.js";

const all = docFiles().flatMap(units);

describe("install lines that need a published release", () => {
  const marked = all.filter((unit) => needsRelease(unit.text).length > 0);
  it("are found (the check reads the docs)", () => {
    expect(marked.length).toBeGreaterThan(3);
  });
  it.each(marked.map((unit) => [`${unit.file}:${unit.line}`, unit] as const))(
    "%s says so and shows what works today",
    (_where, unit) => {
      expect(explainsToday(unit.text), needsRelease(unit.text).join("\n")).toBe(true);
    },
  );
});

describe("commands that work today run as written", () => {
  const commands = [...new Set(all.flatMap(todayCommands))];
  const project = mkdtempSync(join(tmpdir(), "esp-flash-docs-project-"));
  writeFileSync(join(project, "package.json"), '{ "name": "my-site", "private": true }\n');
  const untracked = () =>
    spawnSync("git", ["ls-files", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .stdout.split("\n")
      .filter(Boolean);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("are found: the self-hosted build, the tarballs and the virtual board", () => {
    expect(commands).toEqual(
      expect.arrayContaining([
        "pnpm build:web",
        "pnpm pack:npm",
        expect.stringMatching(/^npm install /),
      ]),
    );
  });

  // In the order the docs show them: pack:npm before the npm install of its tarballs.
  const ordered = [...commands].sort(
    (a, b) => Number(a.startsWith("npm ")) - Number(b.startsWith("npm ")),
  );
  it.each(ordered.map((command) => [command]))("%s", (command) => {
    // A reader's own project for npm; the clone's root for everything else.
    const inProject = command.startsWith("npm ");
    const before = new Set(untracked());
    const run = spawnSync("bash", ["-c", command.replaceAll("/path/to/esp-flash", ROOT)], {
      cwd: inProject ? project : ROOT,
      encoding: "utf8",
      // `npm install -g` lands in the temporary project, not on this machine.
      env: {
        ...process.env,
        npm_config_audit: "false",
        npm_config_fund: "false",
        npm_config_prefix: join(project, "global"),
      },
      timeout: 600_000,
    });
    // A file the command named and wrote into the clone (a firmware file, say) goes again;
    // nothing else is touched, whoever else is working in the clone.
    for (const path of untracked())
      if (!before.has(path) && command.includes(basename(path))) rmSync(join(ROOT, path));
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    if (command.startsWith("pnpm build:web"))
      expect(existsSync(join(ROOT, "packages/elements/dist/web/esp-flash-button.js"))).toBe(true);
    if (command.startsWith("pnpm pack:npm"))
      expect(
        readdirSync(join(ROOT, "tarballs")).some((f) => f.startsWith("esp-flash-elements-")),
      ).toBe(true);
    if (inProject && command.includes("esp-flash-elements"))
      expect(
        existsSync(join(project, "node_modules/@esp-flash/elements/dist/web/esp-flash-button.js")),
      ).toBe(true);
  });
});
