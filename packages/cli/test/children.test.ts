// A failed or timed-out test leaves no process behind (servers, ptys, the CLI itself).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "./helpers/boards.js";
import { PACKAGE } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("kills what a test started when it times out or fails", async () => {
  const pids = join(tmp.dir, "pids.txt");
  const vitest = join(PACKAGE, "node_modules", "vitest", "vitest.mjs");
  const config = join(PACKAGE, "test", "fixtures", "leaky", "vitest.config.ts");
  const run = spawn(process.execPath, [vitest, "run", "--config", config], {
    env: { ...process.env, LEAKY_PIDS: pids, FORCE_COLOR: "0" },
    stdio: "ignore",
  });
  const code = await new Promise<number | null>((resolve) => run.on("close", resolve));
  expect(code).toBe(1); // both fixture tests failed, as they should
  const started = readFileSync(pids, "utf8").trim().split("\n").map(Number);
  expect(started).toHaveLength(2);
  // SIGKILL is immediate, but the kernel reaps asynchronously: give it a moment.
  for (let i = 0; i < 50 && started.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
  const leaked = started.filter(alive);
  for (const pid of leaked) process.kill(pid, "SIGKILL"); // so that a failure here leaks nothing
  expect(leaked).toEqual([]);
});
