import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseManifest, type ChipFamily } from "@esp-flash/core";
import { CliError, EXIT } from "../errors.js";
import { parseChip, parseOffset, parseSize } from "../inputs.js";
import type { Context } from "../context.js";

export interface ManifestCommandOptions {
  chip?: string;
  output: string;
  name?: string;
  version?: string;
}

interface Source {
  file: string;
  offset: number;
}

/**
 * Writes a manifest in our format (ESP Web Tools' plus sha256 per part) from image files with
 * offsets, or from an ESP-IDF build folder's flasher_args.json.
 */
export async function manifestCommand(
  inputs: string[],
  options: ManifestCommandOptions,
  ctx: Context,
): Promise<number> {
  if (inputs.length === 0)
    throw new CliError(
      "usage",
      "No files given.",
      "List image files as file.bin@offset, or give an ESP-IDF build folder.",
    );
  let chip = options.chip ? parseChip(options.chip) : undefined;
  let name = options.name;
  const sources: Source[] = [];
  for (const input of inputs) {
    const idf = await idfArgsPath(input);
    if (idf) {
      const found = await readFlasherArgs(idf);
      sources.push(...found.sources);
      chip ??= found.chip;
      name ??= found.name;
    } else {
      const at = input.lastIndexOf("@");
      if (at <= 0)
        throw new CliError(
          "bad-offset",
          `'${input}' has no offset.`,
          `Write ${input}@0x10000 (or give an ESP-IDF build folder).`,
        );
      sources.push({
        file: resolve(input.slice(0, at)),
        offset: parseOffset(input.slice(at + 1), input),
      });
    }
  }
  if (!chip)
    throw new CliError(
      "usage",
      "Which chip is this firmware for?",
      "Pass --chip, e.g. --chip ESP32-S3.",
    );
  const out = resolve(options.output);
  const parts: { path: string; offset: number; sha256: string }[] = [];
  const copied: string[] = [];
  for (const source of sources.sort((a, b) => a.offset - b.offset)) {
    const data = await readFile(source.file).catch((error: Error) => {
      throw new CliError(
        "file-not-found",
        `Cannot read ${source.file}: ${error.message}`,
        "Check the path.",
      );
    });
    let path = relative(dirname(out), source.file).split(sep).join("/");
    // A manifest's parts must sit in its folder (`flash` refuses others, and a web server only
    // serves that folder): a part from elsewhere is copied in beside it.
    if (path.startsWith("../") || isAbsolute(path)) {
      const name = basename(source.file);
      path = parts.some((part) => part.path === name)
        ? `0x${source.offset.toString(16)}-${name}`
        : name;
      await writeFile(join(dirname(out), path), data);
      copied.push(path);
    }
    parts.push({
      path,
      offset: source.offset,
      sha256: createHash("sha256").update(data).digest("hex"),
    });
  }
  const manifest = {
    name: name ?? basename(sources[sources.length - 1]!.file).replace(/\.bin$/i, ""),
    ...(options.version ? { version: options.version } : {}),
    builds: [{ chipFamily: chip, parts }],
  };
  // Written only if core reads it back: same checks as a flash would apply.
  parseManifest(manifest, pathToFileURL(out));
  await writeFile(out, `${JSON.stringify(manifest, null, 2)}\n`);
  if (ctx.json) ctx.result({ ok: true, exitCode: EXIT.ok, file: out, manifest, copied });
  else {
    ctx.say(
      `Wrote ${options.output}: ${manifest.name}, ${chip}, ${parts.length} part${parts.length === 1 ? "" : "s"}:`,
    );
    for (const part of parts)
      ctx.say(
        `  0x${part.offset.toString(16).padStart(5, "0")}  ${part.path}  sha256 ${part.sha256.slice(0, 16)}…`,
      );
    if (copied.length > 0)
      ctx.say(`Copied beside it (parts must sit in the manifest's folder): ${copied.join(", ")}`);
  }
  return EXIT.ok;
}

async function idfArgsPath(input: string): Promise<string | undefined> {
  if (basename(input) === "flasher_args.json") return resolve(input);
  const info = await stat(input).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const path = join(resolve(input), "flasher_args.json");
  if (await stat(path).catch(() => undefined)) return path;
  throw new CliError(
    "file-not-found",
    `${input} is a folder without flasher_args.json.`,
    "Give an ESP-IDF build folder (after `idf.py build`), or files as file.bin@offset.",
  );
}

/** ESP-IDF's build/flasher_args.json: flash_files maps "0x1000" → path relative to the build folder. */
async function readFlasherArgs(
  path: string,
): Promise<{ sources: Source[]; chip?: ChipFamily; name?: string }> {
  let json: {
    flash_files?: Record<string, string>;
    extra_esptool_args?: { chip?: string };
    app?: { file?: string };
  };
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CliError(
      "file-unreadable",
      `Cannot read ${path}: ${(error as Error).message}`,
      "Run `idf.py build` again to regenerate it.",
    );
  }
  const files = json.flash_files;
  if (!files || typeof files !== "object" || Object.keys(files).length === 0) {
    throw new CliError(
      "file-unreadable",
      `${path} lists no flash_files.`,
      "Run `idf.py build` again to regenerate it.",
    );
  }
  const sources = Object.entries(files).map(([offset, file]) => ({
    file: resolve(dirname(path), file),
    offset: parseSize(offset, `The offset '${offset}' in ${path}`),
  }));
  const chip = json.extra_esptool_args?.chip ? parseChip(json.extra_esptool_args.chip) : undefined;
  const name = json.app?.file ? basename(json.app.file).replace(/\.bin$/i, "") : undefined;
  return { sources, ...(chip ? { chip } : {}), ...(name ? { name } : {}) };
}
