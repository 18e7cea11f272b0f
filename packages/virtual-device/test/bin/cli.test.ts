// The built `virtual-esp` command as a shell runs it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const bin = new URL("../../bin/virtual-esp.js", import.meta.url).pathname;
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

describe("virtual-esp", () => {
  it("prints its version", () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    const result = run("--version");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("without a command, says what to give and exits 2", () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Give a command: serve or firmware.");
    expect(result.stderr).toContain("virtual-esp serve --chip");
  });
});
