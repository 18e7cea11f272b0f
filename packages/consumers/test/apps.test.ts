// The fixture apps, installed from the tarballs: each type-checks with skipLibCheck off, builds,
// and (in the browser) flashes a virtual ESP8266 through the element, header patched to 4 MB.
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./helpers/browser.js";
import { run } from "./helpers/run.js";
import { serveStatic } from "./helpers/static-server.js";

const appDir = inject("appDir");
const bin = (name: string) => join(appDir, "node_modules", ".bin", name);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a built app, clicks the button, confirms the install; resolves with the page title. */
async function installFrom(origin: string, path = "/", ready?: string): Promise<string> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  try {
    await page.goto(`${origin}${path}`);
    if (ready) await page.waitForSelector(ready, { state: "attached" });
    await page.locator("esp-flash-button button").first().click();
    await page.getByRole("button", { name: "Install", exact: true }).click({ timeout: 60_000 });
    await page.waitForFunction(() => /^(done|error)/.test(document.title), null, {
      timeout: 120_000,
    });
    expect(problems).toEqual([]);
    return await page.title();
  } finally {
    await page.close();
  }
}

describe.each([
  { app: "vanilla", typecheck: "tsc" },
  { app: "react", typecheck: "tsc" },
  { app: "vue", typecheck: "vue-tsc" },
])("$app app", ({ app, typecheck }) => {
  const dir = join(appDir, app);

  it("type-checks against the published types with skipLibCheck off", async () => {
    const result = await run(bin(typecheck), ["-p", "tsconfig.json", "--noEmit"], { cwd: dir });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("builds with Vite and flashes a virtual board in Chromium", async () => {
    const build = await run(bin("vite"), ["build", "--logLevel", "error"], { cwd: dir });
    expect(build.output).toBe("");
    expect(build.code).toBe(0);
    const server = await serveStatic(join(dir, "dist"));
    try {
      expect(await installFrom(server.origin)).toBe("done flashed header=0x40");
    } finally {
      await server.close();
    }
  });
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
      expect(
        await installFrom(site.origin, `/?cdn=${encodeURIComponent(cdnBase)}`, "body[data-ready]"),
      ).toBe("done flashed header=0x40");
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
