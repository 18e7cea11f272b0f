import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { serveBoard, tempDir } from "./helpers/boards.js";
import { json, runCli } from "./helpers/cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("esp-flash manifest", () => {
  it("writes our format with sha256 per part from file.bin@offset, and that manifest flashes a board that boots", async () => {
    const dir = join(tmp.dir, "files");
    mkdirSync(dir);
    const sample = makeSampleFirmware("esp32-parts", { chip: "ESP32", seed: 4 });
    const args = sample.parts.map((part) => {
      writeFileSync(join(dir, `${part.name}.bin`), part.data);
      return `${part.name}.bin@0x${part.offset.toString(16)}`;
    });
    const made = await runCli(
      ["manifest", ...args, "--chip", "esp32", "--name", "Demo", "--version", "1.2.3"],
      { cwd: dir },
    );
    expect(made.code, made.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest).toEqual({
      name: "Demo",
      version: "1.2.3",
      builds: [
        {
          chipFamily: "ESP32",
          parts: sample.parts.map((p) => ({
            path: `${p.name}.bin`,
            offset: p.offset,
            sha256: sha256(p.data),
          })),
        },
      ],
    });
    const board = await serveBoard({ chip: "ESP32", flashSize: "4MB" });
    try {
      const flash = await runCli(["flash", join(dir, "manifest.json"), "--port", board.url]);
      expect(flash.code, flash.stderr).toBe(0);
      expect(flash.stderr).toContain("header 2MB → 4MB");
      board.device.reset("flash");
      expect(board.device.lastBoot).toMatchObject({ ok: true, headerFlashSize: "4MB" });
    } finally {
      await board.close();
    }
  });

  it("reads an ESP-IDF build folder's flasher_args.json (chip and offsets from it)", async () => {
    const build = join(tmp.dir, "build");
    const sample = makeSampleFirmware("esp32-parts", { chip: "ESP32-S3", seed: 5 });
    const files: Record<string, string> = {};
    const names: Record<string, string> = {
      bootloader: "bootloader/bootloader.bin",
      "partition-table": "partition_table/partition-table.bin",
      app: "hello_world.bin",
    };
    for (const part of sample.parts) {
      const rel = names[part.name]!;
      mkdirSync(join(build, rel, ".."), { recursive: true });
      writeFileSync(join(build, rel), part.data);
      files[`0x${part.offset.toString(16)}`] = rel;
    }
    writeFileSync(
      join(build, "flasher_args.json"),
      JSON.stringify({
        write_flash_args: ["--flash_mode", "dio", "--flash_size", "2MB", "--flash_freq", "80m"],
        flash_settings: { flash_mode: "dio", flash_size: "2MB", flash_freq: "80m" },
        flash_files: files,
        app: { offset: "0x10000", file: "hello_world.bin", encrypted: "false" },
        extra_esptool_args: {
          after: "hard_reset",
          before: "default_reset",
          stub: true,
          chip: "esp32s3",
        },
      }),
    );
    const out = join(tmp.dir, "site", "manifest.json");
    mkdirSync(join(tmp.dir, "site"));
    const made = await runCli(["--json", "manifest", build, "-o", out]);
    expect(made.code, made.stderr).toBe(0);
    const { manifest } = json<{
      manifest: {
        name: string;
        builds: { chipFamily: string; parts: { path: string; offset: number }[] }[];
      };
    }>(made);
    expect(manifest.name).toBe("hello_world");
    expect(manifest.builds[0]!.chipFamily).toBe("ESP32-S3");
    expect(manifest.builds[0]!.parts.map((p) => [p.path, p.offset])).toEqual([
      ["bootloader.bin", 0x0],
      ["partition-table.bin", 0x8000],
      ["hello_world.bin", 0x10000],
    ]);
    // Copied beside the manifest: flash takes only parts in the manifest's own folder.
    expect(json<{ copied: string[] }>(made).copied).toEqual([
      "bootloader.bin",
      "partition-table.bin",
      "hello_world.bin",
    ]);
    const board = await serveBoard({ chip: "ESP32-S3", flashSize: "8MB" });
    try {
      const flash = await runCli(["flash", out, "--port", board.url]);
      expect(flash.code, flash.stderr).toBe(0);
      board.device.reset("flash");
      expect(board.device.lastBoot).toMatchObject({ ok: true, headerFlashSize: "8MB" });
    } finally {
      await board.close();
    }
  });

  it("needs a chip, offsets and files that exist", async () => {
    writeFileSync(join(tmp.dir, "a.bin"), new Uint8Array(16));
    expect((await runCli(["manifest", "a.bin@0"], { cwd: tmp.dir })).code).toBe(2);
    const noOffset = await runCli(["manifest", "a.bin", "--chip", "ESP32"], { cwd: tmp.dir });
    expect(noOffset.code).toBe(3);
    expect(noOffset.stderr).toContain("has no offset");
    expect(
      (await runCli(["manifest", "gone.bin@0", "--chip", "ESP32"], { cwd: tmp.dir })).code,
    ).toBe(3);
    expect((await runCli(["manifest", "a.bin@0", "--chip", "ESP33"], { cwd: tmp.dir })).code).toBe(
      2,
    );
  });
});
