// "Your first page (MicroPython)", followed as a reader would: its shell blocks run in an empty
// folder, its files are written where it says, the page is served with the command it shows and
// installed on the virtual board it adds, in Chromium. A step the guide leaves out fails here.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS } from "../../../scripts/find-chromium.mjs";
import { ROOT, units, type DocUnit } from "./docs-commands.js";

const GUIDE = join(ROOT, "packages/docs/src/guides/first-page.mdx");
const steps = units(GUIDE).filter((unit) => unit.lang && unit.lang !== "text");
const isServe = (unit: DocUnit) => unit.lang === "sh" && /http\.server/.test(unit.text);
const inClone = (text: string) => text.replaceAll("/path/to/esp-flash", ROOT);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function until(ready: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("Your first page (MicroPython), followed step by step", () => {
  const folder = mkdtempSync(join(tmpdir(), "esp-flash-first-page-"));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    server?.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  it("shows its steps: commands, the manifest, the page, a virtual board, a server", () => {
    const metas = steps.map((unit) => unit.meta ?? unit.lang);
    expect(metas).toEqual([
      "sh",
      "file=my-site/firmware/manifest.json",
      "file=my-site/index.html",
      "sh",
      "add-to-head=my-site/index.html",
      "sh",
    ]);
    expect(isServe(steps.at(-1)!)).toBe(true);
  });

  it("builds a folder that installs MicroPython on a virtual ESP8266", async () => {
    for (const step of steps.filter((unit) => !isServe(unit))) {
      const [how, path] = (step.meta ?? "").split("=");
      if (step.lang === "sh") {
        const run = spawnSync("bash", ["-euo", "pipefail", "-c", inClone(step.text)], {
          cwd: folder,
          encoding: "utf8",
          timeout: 600_000,
        });
        expect(run.status, `${step.file}:${step.line}\n${run.stdout}\n${run.stderr}`).toBe(0);
      } else if (how === "file") {
        writeFileSync(join(folder, path!), step.text);
      } else if (how === "add-to-head") {
        const page = readFileSync(join(folder, path!), "utf8");
        expect(page).toContain("</head>");
        writeFileSync(join(folder, path!), page.replace("</head>", `${step.text}</head>`));
      } else {
        throw new Error(`${step.file}:${step.line}: a block the test does not know how to follow`);
      }
    }

    const port = await freePort();
    const [command] = steps.filter(isServe).map((unit) => unit.text.trim());
    server = spawn("bash", ["-c", `exec ${command!.replace("8000", String(port))}`], {
      cwd: folder,
      stdio: "ignore",
    });
    const origin = `http://localhost:${port}`;
    await until(async () => (await fetch(`${origin}/`)).ok, "the server answering");

    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${origin}/`);
    await page.screenshot({ path: "/tmp/fp-page.png" });
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page
      .getByRole("button", { name: "Install MicroPython 1.24.1", exact: true })
      .click({ timeout: 120_000 });
    await page.getByRole("button", { name: "Install", exact: true }).click({ timeout: 120_000 });
    // What the guide tells the reader to wait for, then what it tells them to look at.
    await page.getByText("Installed", { exact: true }).waitFor({ timeout: 300_000 });
    await page.screenshot({ path: "/tmp/fp-done.png" });
    const board = await page.evaluate(() => {
      const { board } = window as unknown as {
        board: {
          state: string;
          lastBoot?: { ok: boolean; problems: string[] };
          bootLog: string;
          flash: { read(at: number, length: number): Uint8Array };
        };
      };
      return {
        state: board.state,
        boot: board.lastBoot,
        log: board.bootLog,
        header: board.flash.read(3, 1)[0],
      };
    });
    expect(board.state).toBe("running");
    expect(board.boot).toEqual(expect.objectContaining({ ok: true, problems: [] }));
    expect(board.header, "the header's flash size: 4MB (0x40), not the build's 1MB").toBe(0x40);
    expect(board.log).toMatch(/boot verdict: OK/);
    expect(problems).toEqual([]);
  }, 900_000);
});
