// Each tarball as npm would publish it: publint and "are the types wrong" report nothing, the
// maps carry their sources, sideEffects names only shipped files, and each stays in budget.
import { readFileSync } from "node:fs";
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { publint } from "publint";
import { describe, expect, inject, it } from "vitest";
import { unpack } from "./helpers/unpack.js";

const tarballs = inject("tarballs");

/**
 * Packed (gzip) size each tarball must stay under. core (≈ 410 KB) carries the patched
 * esptool-js it runs (dist/vendor/esptool-js, ≈ 145 KB, mostly the chips' stub flashers)
 * instead of depending on the registry's copy. elements (≈ 590 KB) holds a script-tag build
 * split per chip and per view: each chunk compresses alone in the tarball, so splitting grows it
 * while a visitor downloads less.
 */
const BUDGET_BYTES: Record<string, number> = {
  // 97 KB packed after the one JSON result shape, signal handling and local/remote part rules.
  "@esp-flash/cli": 110_000,
  // 407 KB packed on 2026-12-07 (over the 400 KB budget after the day's merges).
  "@esp-flash/core": 430_000,
  // 580 KB packed once Improv stayed quiet on MicroPython, names were bidi-isolated and WebUSB
  // errors got their own advice (each view and driver is its own chunk, with its map).
  "@esp-flash/elements": 620_000,
  "@esp-flash/virtual-device": 310_000,
};

describe.each(tarballs)("$name tarball", (tarball) => {
  const data = readFileSync(tarball.file);
  const files = unpack(tarball.file);
  const pkg = JSON.parse(files.get("package/package.json")!.toString("utf8"));

  it("passes publint with no errors, warnings or suggestions", async () => {
    const { messages } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      level: "suggestion",
      strict: true,
    });
    expect(messages.map((m) => `${m.type} ${m.code} ${m.path.join(".")}`)).toEqual([]);
  });

  it("has correct types for ESM consumers (attw, esm-only profile)", async () => {
    const result = await checkPackage(createPackageFromTarballData(new Uint8Array(data)));
    expect(result.types).not.toBe(false);
    // ESM-only packages: node10 and require() from CommonJS are out of scope by design.
    const problems =
      "problems" in result
        ? result.problems.filter(
            (p) =>
              !("resolutionKind" in p) ||
              (p.resolutionKind !== "node10" && p.resolutionKind !== "node16-cjs"),
          )
        : [];
    expect(problems).toEqual([]);
  });

  it("ships source maps only with their sources inside", () => {
    for (const [name, content] of files) {
      if (!name.endsWith(".map")) continue;
      const map = JSON.parse(content.toString("utf8"));
      expect(map.sourcesContent?.length, name).toBe(map.sources.length);
    }
  });

  it("lists in sideEffects no path that is not in the tarball", () => {
    const paths = Array.isArray(pkg.sideEffects)
      ? (pkg.sideEffects as string[]).filter((p) => !/[*{]/.test(p))
      : [];
    for (const path of paths)
      expect(files.has(`package/${path.replace(/^\.\//, "")}`), path).toBe(true);
  });

  it("is public, with repository, engines and license", () => {
    expect(pkg.publishConfig?.access).toBe("public");
    expect(pkg.repository?.directory).toMatch(/^packages\//);
    expect(pkg.engines?.node).toBeDefined();
    expect(pkg.license).toBe("Apache-2.0");
    expect(files.has("package/README.md")).toBe(true);
    expect([...files.keys()].filter((f) => /\.test\.|\/test\/|\/src\//.test(f))).toEqual([]);
  });

  it("stays within its size budget", () => {
    expect(data.length).toBeLessThan(BUDGET_BYTES[tarball.name] ?? 100_000);
  });
});

describe("@esp-flash/core tarball's esptool-js", () => {
  const core = tarballs.find((t) => t.name === "@esp-flash/core")!;
  const files = unpack(core.file);
  const pkg = JSON.parse(files.get("package/package.json")!.toString("utf8"));
  const vendor = "package/dist/vendor/esptool-js/";

  it("is the patched copy the tests ran, with esptool-js's licence and a notice of the change", () => {
    expect(pkg.dependencies?.["esptool-js"]).toBeUndefined();
    expect(files.get(`${vendor}LICENSE`)?.toString("utf8")).toMatch(/Apache License/);
    expect(files.get(`${vendor}NOTICE.md`)?.toString("utf8")).toMatch(
      /esptool-js 0\.7\.0, modified/,
    );
    // The patch's lazy targets: one chip's ROM class loads when that chip is found.
    expect(files.get(`${vendor}lib/targets/index.js`)?.toString("utf8")).toMatch(
      /export function loadRom\(/,
    );
  });

  it("is what core's modules import: no file outside it imports the esptool-js package", () => {
    for (const [name, content] of files) {
      if (name.startsWith(vendor) || !/\.(js|d\.ts)$/.test(name)) continue;
      expect(content.toString("utf8"), name).not.toMatch(/(from|import)\s*\(?\s*["']esptool-js/);
    }
  });
});

describe("@esp-flash/elements tarball's custom-elements.json", () => {
  const elements = tarballs.find((t) => t.name === "@esp-flash/elements")!;
  const files = unpack(elements.file);
  const manifest = JSON.parse(files.get("package/custom-elements.json")!.toString("utf8")) as {
    modules: {
      path: string;
      declarations?: {
        tagName?: string;
        attributes?: { name: string; type?: { text: string } }[];
      }[];
    }[];
  };

  it("names only modules that are in the package, in path order (reproducible)", () => {
    const paths = manifest.modules.map((m) => m.path);
    expect(paths.filter((p) => !files.has(`package/${p}`))).toEqual([]);
    expect(paths).toEqual([...paths].sort());
  });

  it("types `erase` with its values, for editors to offer", () => {
    const button = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === "esp-flash-button")!;
    const erase = button.attributes!.find((a) => a.name === "erase")!;
    expect(erase.type?.text).toBe('"auto" | "prompt" | "always" | "never"');
  });
});

describe("two builds of one commit", () => {
  // global-setup built every public package a second time from the same sources in a fresh
  // copy of the repository (helpers/build-again.ts): both packs must be the same bytes.
  const rebuilt = inject("rebuilt");

  it("builds a second time", () => {
    expect(inject("rebuildError")).toBe("");
  });

  it.each(tarballs)("pack $name to the same bytes", (tarball) => {
    const again = rebuilt[tarball.name];
    expect(again, "the second build packed no tarball for it").toBeDefined();
    const first = readFileSync(tarball.file);
    const second = readFileSync(again!);
    if (first.equals(second)) return;
    // Name what differs, so the cause can be found.
    const a = unpack(tarball.file);
    const b = unpack(again!);
    const same = (name: string) => a.has(name) && b.has(name) && a.get(name)!.equals(b.get(name)!);
    const differ = [...new Set([...a.keys(), ...b.keys()])].filter((name) => !same(name)).sort();
    expect(differ, "files that differ between the two builds").toEqual([]);
    expect(second.equals(first), "same files, different tarball bytes").toBe(true);
  });
});
