import { mkdirSync, openSync, closeSync, ftruncateSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { VirtualEspServer } from "@esp-flash/virtual-device/node";
import { serveBoard, tempDir, writeManifest } from "./helpers/boards.js";
import { json, runCli } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A file outside the manifest's folder that a hostile manifest would like on the board. */
const secret = join(tmp.dir, "secret.txt");
writeFileSync(secret, "API_TOKEN=do-not-send-me\n".repeat(64));
const folder = join(tmp.dir, "fw");
mkdirSync(folder);
writeFileSync(join(folder, "app.bin"), new Uint8Array(8192).fill(0x5a));
symlinkSync(secret, join(folder, "link.bin"));
symlinkSync(join(folder, "app.bin"), join(folder, "inside-link.bin"));

const manifestNaming = (path: string, name: string) =>
  writeManifest(
    folder,
    { name: "x", builds: [{ chipFamily: "ESP8266", parts: [{ path, offset: 0x10000 }] }] },
    name,
  );

describe("local manifests name only files under their own folder", () => {
  let board: VirtualEspServer | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it.each([
    ["a path up and out", "../secret.txt"],
    ["a file: URL", pathToFileURL(secret).href],
    ["a symlink in its folder", "link.bin"],
    ["/proc/self/environ", "/proc/self/environ"],
  ])(
    "refuses %s before touching the board (exit 3)",
    async (_, path) => {
      board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
      const manifest = manifestNaming(path, "hostile.json");
      const run = await runCli(["--json", "flash", manifest, "--port", board.url]);
      expect(run.code, run.stderr).toBe(3);
      expect(json(run)).toMatchObject({
        ok: false,
        error: { code: "part-outside-manifest-folder" },
      });
      expect(run.stdout).not.toContain("do-not-send-me");
      expect(board.device.flash.usedSectors).toBe(0);
    },
    60_000,
  );

  it("flashes a symlink that stays inside the folder, and a file named on the command line", async () => {
    board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    const inside = await runCli([
      "flash",
      manifestNaming("inside-link.bin", "inside.json"),
      "--port",
      board.url,
    ]);
    expect(inside.code, inside.stderr).toBe(0);
    expect(board.device.flash.read(0x10000, 4)).toEqual(new Uint8Array(4).fill(0x5a));
    const named = await runCli(["flash", `${secret}@0x20000`, "--port", board.url]);
    expect(named.code, named.stderr).toBe(0);
    expect(new TextDecoder().decode(board.device.flash.read(0x20000, 9))).toBe("API_TOKEN");
  }, 60_000);

  it("refuses a manifest file larger than any manifest without reading it", async () => {
    const huge = join(tmp.dir, "huge.json");
    // Sparse: 1.2 GB long, no blocks on disk.
    const fd = openSync(huge, "w");
    ftruncateSync(fd, 1200 * 1024 * 1024);
    closeSync(fd);
    const run = await runCli(["--json", "flash", huge, "--port", "socket://127.0.0.1:1"]);
    expect(run.code, run.stderr).toBe(3);
    expect(json(run)).toMatchObject({ ok: false, error: { code: "manifest-too-large" } });
  }, 60_000);
});

describe("remote manifest URLs", () => {
  it("refuses credentials in the URL before any request, and never prints them", async () => {
    const run = await runCli([
      "flash",
      "https://me:ghp_s3cr3tToken@example.invalid/manifest.json",
      "--port",
      "socket://127.0.0.1:1",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("carries a user name or password");
    expect(run.stdout + run.stderr).not.toContain("s3cr3t");
    expect(run.stdout + run.stderr).not.toMatch(/cross-origin/i);
  }, 60_000);
});
