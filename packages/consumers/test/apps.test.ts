// The fixture apps, installed from the tarballs: each type-checks with skipLibCheck off, builds,
// and (in the browser) flashes a virtual ESP8266 through the element, header patched to 4 MB.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./helpers/browser.js";
import { run } from "./helpers/run.js";
import { serveStatic } from "./helpers/static-server.js";

const appDir = inject("appDir");
const legacyDir = inject("legacyDir");
const bin = (name: string) => join(appDir, "node_modules", ".bin", name);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** What each prepare worker the page started told it: its replies by kind. */
type WorkerReplies = Record<string, number>[];

/**
 * Opens a built app, clicks the button, confirms the install; resolves with the page title and
 * the replies of every Worker the page started (seen through a subclass of the page's Worker,
 * installed before any script runs).
 */
async function installFrom(
  origin: string,
  path = "/",
  ready?: string,
  beforeClick?: () => void,
): Promise<{ title: string; workers: WorkerReplies }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  try {
    await page.addInitScript(() => {
      const seen: Record<string, number>[] = [];
      Object.assign(window, { espFlashWorkers: seen });
      window.Worker = class extends window.Worker {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          const replies: Record<string, number> = {};
          seen.push(replies);
          this.addEventListener("message", (e: MessageEvent<{ kind?: string }>) => {
            const kind = String(e.data?.kind);
            replies[kind] = (replies[kind] ?? 0) + 1;
          });
        }
      };
    });
    await page.goto(`${origin}${path}`);
    if (ready) await page.waitForSelector(ready, { state: "attached" });
    beforeClick?.();
    await page.locator("esp-flash-button button").first().click();
    // A board without Improv opens on the menu ("Install <name> <version>", "Logs & console").
    await page.getByRole("button", { name: /^Install \S/ }).click({ timeout: 60_000 });
    await page.getByRole("button", { name: "Install", exact: true }).click({ timeout: 60_000 });
    await page.waitForFunction(() => /^(done|error)/.test(document.title), null, {
      timeout: 120_000,
    });
    expect(problems).toEqual([]);
    const workers = await page.evaluate(
      () => (window as unknown as { espFlashWorkers: WorkerReplies }).espFlashWorkers,
    );
    return { title: await page.title(), workers };
  } finally {
    await page.close();
  }
}

/** The install flashed the board, and the one image was prepared in the worker, not on the page. */
function expectFlashedInWorker(result: { title: string; workers: WorkerReplies }): void {
  expect(result.title).toBe("done flashed header=0x40");
  expect(result.workers).toEqual([{ ready: 1, image: 1, deflated: 1 }]);
}

/** Serves a built app's folder and installs from it. */
async function installFromBuild(dir: string): Promise<void> {
  const server = await serveStatic(dir);
  try {
    expectFlashedInWorker(await installFrom(server.origin, "/", "esp-flash-button"));
  } finally {
    await server.close();
  }
}

describe.each([
  { app: "vanilla", typecheck: ["tsc"] },
  { app: "react", typecheck: ["tsc"] },
  { app: "vue", typecheck: ["vue-tsc"] },
  {
    app: "svelte",
    typecheck: ["svelte-check", "--tsconfig", "./tsconfig.json", "--fail-on-warnings"],
  },
])("$app app", ({ app, typecheck }) => {
  const dir = join(appDir, app);

  it("type-checks against the published types with skipLibCheck off", async () => {
    const [command, ...args] = typecheck;
    const result = await run(
      bin(command!),
      args.length ? args : ["-p", "tsconfig.json", "--noEmit"],
      {
        cwd: dir,
      },
    );
    expect(result.output).toMatch(app === "svelte" ? /found 0 errors and 0 warnings/ : /^$/);
    expect(result.code).toBe(0);
  });

  it("builds with Vite and flashes a virtual board in Chromium, preparing in the worker", async () => {
    const build = await run(bin("vite"), ["build", "--logLevel", "error"], { cwd: dir });
    expect(build.output).toBe("");
    expect(build.code).toBe(0);
    await installFromBuild(join(dir, "dist"));
  });
});

describe("svelte-check with the published Svelte types", () => {
  it("rejects a wrong attribute value", async () => {
    const result = await run(bin("svelte-check"), ["--tsconfig", "./tsconfig.json"], {
      cwd: join(appDir, "svelte", "wrong"),
    });
    expect(result.output).toMatch(/Type '"sometimes"' is not assignable to type 'EraseMode/);
    expect(result.code).toBe(1);
  });
});

describe.each([
  { bundler: "Turbopack", flag: "--turbopack" },
  { bundler: "webpack", flag: "--webpack" },
])("Next.js app built with $bundler", ({ bundler, flag }) => {
  const dir = join(appDir, "next");

  it("exports a static site that flashes a virtual board, preparing in the worker", async () => {
    // With output "export" and a distDir, Next writes the static site into the distDir.
    const out = join(dir, `out-${bundler}`);
    const build = await run(bin("next"), ["build", flag], {
      cwd: dir,
      env: { NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: `out-${bundler}` },
    });
    expect(build.code, build.output).toBe(0);
    const server = await serveStatic(out);
    try {
      expectFlashedInWorker(await installFrom(server.origin, "/", "body[data-ready]"));
    } finally {
      await server.close();
    }
  }, 600_000);
});

describe("plain HTML page, scripts from a CDN on another origin", () => {
  it("loads the button and its lazy chunks cross-origin, and flashes a virtual board", async () => {
    // Two origins: the site (127.0.0.1) and a CDN (localhost) serving the installed packages
    // under /npm/<name>/…, as unpkg and jsDelivr lay them out.
    const cdn = await serveStatic(join(appDir, "node_modules"), {
      "/npm/": join(appDir, "node_modules"),
    });
    const site = await serveStatic(join(appDir, "cdn"));
    try {
      const cdnBase = `${cdn.origin.replace("127.0.0.1", "localhost")}/npm`;
      // A Worker's script must be same-origin: from a CDN the images are prepared on the page.
      const result = await installFrom(
        site.origin,
        `/?cdn=${encodeURIComponent(cdnBase)}`,
        "body[data-ready]",
      );
      expect(result.title).toBe("done flashed header=0x40");
    } finally {
      await Promise.all([cdn.close(), site.close()]);
    }
  });
});

describe("Node app", () => {
  const dir = join(appDir, "node");

  it("type-checks for Node (no DOM lib) with skipLibCheck off, and flashes with core", async () => {
    const compile = await run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: dir });
    expect(compile.output).toBe("");
    expect(compile.code).toBe(0);
    const script = await run(process.execPath, ["dist/flash.js"], { cwd: dir });
    expect(script.code, script.output).toBe(0);
    expect(JSON.parse(script.output.trim().split("\n").at(-1)!)).toEqual({
      outcome: "flashed",
      header: 0x40,
      booted: true,
    });
  });

  it("flashes with the registry's unpatched esptool-js 0.7.0 in place of core's patched copy", async () => {
    // The same script beside a copy of core whose vendored esptool-js is the registry's release:
    // core must not need the patch (patches/README.md), only be lighter with it.
    const unpatchedDir = join(appDir, "node-unpatched");
    const core = join(unpatchedDir, "node_modules", "@esp-flash", "core");
    const lib = join(core, "dist", "vendor", "esptool-js", "lib");
    rmSync(unpatchedDir, { recursive: true, force: true });
    cpSync(join(appDir, "node_modules", "@esp-flash", "core"), core, { recursive: true });
    rmSync(lib, { recursive: true });
    cpSync(join(appDir, "node_modules", "esptool-js", "lib"), lib, { recursive: true });
    expect(readFileSync(join(lib, "targets", "index.js"), "utf8")).not.toMatch(/loadRom/);
    const compile = await run(bin("tsc"), ["-p", "tsconfig.json", "--outDir", unpatchedDir], {
      cwd: dir,
    });
    expect(compile.code, compile.output).toBe(0);
    writeFileSync(join(unpatchedDir, "package.json"), '{ "type": "module" }');
    const script = await run(process.execPath, ["flash.js"], { cwd: unpatchedDir });
    expect(script.code, script.output).toBe(0);
    expect(JSON.parse(script.output.trim().split("\n").at(-1)!)).toEqual({
      outcome: "flashed",
      header: 0x40,
      booted: true,
    });
  });

  it("imports the elements entries as SSR does: nothing defined, nothing thrown", async () => {
    const script = await run(process.execPath, ["ssr.mjs"], { cwd: dir });
    expect(script.code, script.output).toBe(0);
    expect(JSON.parse(script.output)).toEqual({
      button: "function",
      web: "function",
      compat: "function",
      customElements: "undefined",
    });
  });
});

describe("React 18 and Vue 2.7 project (TypeScript 5.6, the oldest we support)", () => {
  it("installs the tarballs with npm", () => {
    expect(inject("legacyInstall")).toBe("");
  });

  it.each(["react", "vue"])("type-checks the %s file with skipLibCheck off", async (framework) => {
    const tsc = join(legacyDir, "node_modules", ".bin", "tsc");
    const version = await run(tsc, ["--version"], { cwd: legacyDir });
    expect(version.output.trim()).toMatch(/^Version 5\.6\./);
    const result = await run(tsc, ["-p", `tsconfig.${framework}.json`], { cwd: legacyDir });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});

/** gzip -9 bytes of the scripts in `files` (each compressed alone, as a server sends it). */
const gzipBytes = (files: string[]) =>
  files
    .filter((f) => f.endsWith(".js"))
    .reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);

describe("first click of an npm app", () => {
  it("loads within 5 % of the script tag's bytes (the esptool-js that ships is the one the tests ran)", async () => {
    const dir = join(appDir, "bytes");
    const build = await run(bin("vite"), ["build", "--logLevel", "error"], { cwd: dir });
    expect(build.output).toBe("");
    expect(build.code).toBe(0);
    const modules = join(appDir, "node_modules");
    // The virtual board is the test's, not the button's: its files are not counted.
    const board = join(modules, "@esp-flash", "virtual-device") + sep;
    const app = await serveStatic(join(dir, "dist"), { "/npm/": modules });
    let appMark = 0;
    let npmBytes: number;
    try {
      expectFlashedInWorker(
        await installFrom(app.origin, "/", "body[data-ready]", () => (appMark = app.served.length)),
      );
      npmBytes = gzipBytes(app.served.slice(appMark).filter((f) => !f.startsWith(board)));
    } finally {
      await app.close();
    }

    // The script-tag build served from the page's own origin (the worker must be same-origin).
    const site = await serveStatic(join(appDir, "cdn"), { "/npm/": modules });
    let siteMark = 0;
    let scriptTagBytes: number;
    try {
      expectFlashedInWorker(
        await installFrom(
          site.origin,
          `/?cdn=${encodeURIComponent(`${site.origin}/npm`)}`,
          "body[data-ready]",
          () => (siteMark = site.served.length),
        ),
      );
      scriptTagBytes = gzipBytes(site.served.slice(siteMark).filter((f) => !f.startsWith(board)));
    } finally {
      await site.close();
    }
    // Both count something: a first click loads the dialog, core, esptool-js and the worker.
    expect(scriptTagBytes).toBeGreaterThan(30_000);
    expect(
      Math.abs(npmBytes / scriptTagBytes - 1),
      `first click: npm app ${npmBytes} B, script tag ${scriptTagBytes} B (gzip -9)`,
    ).toBeLessThanOrEqual(0.05);
  }, 600_000);
});
