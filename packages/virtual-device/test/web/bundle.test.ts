import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, "../../dist/web/virtual-device.js");
const chrome = process.env.CHROME_PATH ?? "/usr/bin/chromium";

/** Serves the page and the built bundle on loopback; returns the page URL. */
async function serve(): Promise<{ url: string; close: () => void }> {
  const files: Record<string, [string, string]> = {
    "/page.html": [join(here, "page.html"), "text/html"],
    "/virtual-device.js": [bundle, "text/javascript"],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": file[1] }).end(readFileSync(file[0]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/page.html`, close: () => server.close() };
}

/** The page's DOM once its script has run, from headless Chromium. */
function dumpDom(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--virtual-time-budget=10000",
      "--dump-dom",
      url,
    ];
    const child = spawn(chrome, args, { stdio: ["ignore", "pipe", "pipe"] });
    let dom = "";
    child.stdout.on("data", (chunk: Buffer) => (dom += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => resolve(dom));
  });
}

describe("dist/web/virtual-device.js", () => {
  it("is one file with no bare imports (pako and @noble/hashes inside)", () => {
    expect(
      existsSync(bundle),
      "build the package first (pnpm --filter @esp-flash/virtual-device build)",
    ).toBe(true);
    const code = readFileSync(bundle, "utf8");
    expect(code).not.toMatch(/\bfrom\s*["'][^./]/);
    expect(code).not.toMatch(/\bimport\s*\(\s*["'][^./]/);
  });

  it("is as large as the README says (within 10 %)", () => {
    const readme = readFileSync(join(here, "../../README.md"), "utf8");
    const claim = /about (\d+) KB, (\d+) KB gzipped/.exec(readme);
    expect(claim, "the README states the bundle's size").not.toBeNull();
    const code = readFileSync(bundle);
    const off = (bytes: number, kb: string) => Math.abs(bytes / 1000 / Number(kb) - 1);
    expect(off(code.length, claim![1]!)).toBeLessThan(0.1);
    expect(off(gzipSync(code, { level: 9 }).length, claim![2]!)).toBeLessThan(0.1);
  });

  it("runs in Chromium from a plain <script type=module>: Web Serial, reset, SYNC, READ_REG", async () => {
    const { url, close } = await serve();
    try {
      const dom = await dumpDom(url);
      const text = /<pre id="result">([^<]*)<\/pre>/.exec(dom)?.[1] ?? dom;
      expect(text).not.toMatch(/^error|^pending/);
      expect(JSON.parse(text.replace(/&quot;/g, '"'))).toEqual({
        bootLog: true,
        syncOp: 8,
        magic: "1b31506f",
        firmwareBytes: expect.any(Number),
        lastBootOk: true,
      });
    } finally {
      close();
    }
  });
});
