import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import type { VirtualEspServer } from "@esp-flash/virtual-device/node";
import { deadPort, serveBoard, tempDir } from "./helpers/boards.js";
import { json, runCli, startCli } from "./helpers/cli.js";

const tmp = tempDir();
const boards: VirtualEspServer[] = [];
beforeAll(() => {
  // The image's header says 2MB (ESP-IDF's default), at the C3's bootloader offset 0x0.
  const app = makeSampleFirmware("app", { chip: "ESP32-C3", seed: 9 });
  writeFileSync(join(tmp.dir, "app.bin"), app.parts[0]!.data);
});
afterAll(async () => {
  await Promise.all(boards.map((b) => b.close()));
  tmp.remove();
});

interface Summary {
  ok: boolean;
  exitCode: number;
  command: string;
  succeeded: number;
  failed: number;
  boards: {
    port: string;
    ok: boolean;
    flashSize?: string;
    mac?: string;
    patches: string[];
    error?: { code: string };
    flashState?: string;
  }[];
}

describe("factory mode: many --port at once", () => {
  it("flashes 8 boards, each with its own detection, patch and verify; a dead port fails alone", async () => {
    const sizes = ["1MB", "2MB", "4MB", "8MB", "16MB", "4MB", "2MB", "4MB"] as const;
    for (const [i, flashSize] of sizes.entries())
      boards.push(await serveBoard({ chip: "ESP32-C3", flashSize, seed: i + 1 }));
    const dead = `socket://127.0.0.1:${await deadPort()}`;
    const ports = [...boards.map((b) => b.url), dead].flatMap((url) => ["--port", url]);

    const run = await runCli(["--json", "flash", "app.bin@0", ...ports], { cwd: tmp.dir });
    expect(run.code).toBe(6);
    const summary = json<Summary>(run);
    // `ok` is true only when every board was flashed: a script's `if (r.ok)` cannot pass here.
    expect(summary).toMatchObject({
      ok: false,
      exitCode: 6,
      command: "flash",
      succeeded: 8,
      failed: 1,
    });
    for (const [i, board] of boards.entries()) {
      const row = summary.boards[i]!;
      expect(row).toMatchObject({
        port: board.url,
        ok: true,
        flashSize: sizes[i],
        mac: board.device.mac,
      });
      // The image's header says 2MB: every other board gets its own size (and a fresh digest).
      if (sizes[i] === "2MB") expect(row.patches).toEqual([]);
      else expect(row.patches).toEqual([`app.bin: header 2MB → ${sizes[i]}, SHA-256 updated`]);
      board.device.reset("flash");
      expect(board.device.lastBoot).toMatchObject({ ok: true, headerFlashSize: sizes[i] });
    }
    expect(summary.boards[8]).toMatchObject({
      port: dead,
      ok: false,
      error: { code: "port-open-failed" },
      flashState: "Nothing was written: the flash is unchanged.",
    });
  });

  it("prints one summary table, a line per board", async () => {
    const three = await Promise.all(
      [1, 2, 3].map((seed) => serveBoard({ chip: "ESP32-C3", seed })),
    );
    boards.push(...three);
    const run = await runCli(["flash", "app.bin@0", ...three.flatMap((b) => ["--port", b.url])], {
      cwd: tmp.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const head = lines.findIndex((l) => l.startsWith("port "));
    expect(lines[head]).toMatch(/^port +result +chip +flash +MAC +written +time +detail$/);
    for (const [i, board] of three.entries())
      expect(lines[head + 2 + i]).toMatch(new RegExp(`^${board.url} +ok +ESP32-C3`));
    expect(lines.at(-1)).toBe("3 of 3 boards flashed and verified.");
  });
});

describe("factory mode and Ctrl-C", () => {
  it("stops every board, and each line says what its flash holds", async () => {
    const slow = await Promise.all(
      [1, 2, 3].map((seed) =>
        serveBoard({ chip: "ESP32-C3", flashSize: "4MB", seed, timing: "realtime" }),
      ),
    );
    boards.push(...slow);
    const cli = startCli(
      ["flash", "app.bin@0", "--baud", "115200", ...slow.flatMap((b) => ["--port", b.url])],
      { cwd: tmp.dir },
    );
    await cli.waitFor(/writing app.bin [1-9]0%/);
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    for (const board of slow) {
      const line = run.stdout.split("\n").find((l) => l.startsWith(board.url))!;
      expect(line).toMatch(/FAILED \(aborted\)/);
      expect(line).toMatch(/app\.bin at 0x0 is incomplete|Nothing was written/);
    }
    expect(run.stdout).toContain("0 of 3 boards flashed and verified; 3 failed.");
  });
});
