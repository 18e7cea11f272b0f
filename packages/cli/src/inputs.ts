import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CHIP_FAMILIES,
  CHIPS,
  FLASH_MODES,
  isChipFamily,
  loadManifest,
  MAX_MANIFEST_BYTES,
  ManifestError,
  parseManifest,
  type ChipFamily,
  type Manifest,
  type ManifestBuild,
} from "@esp-flash/core";
import { CliError } from "./errors.js";
import { confineLocalParts, readRegularFile } from "./local-parts.js";

/** 0x1000, 4096, 4K, 4KB, 2M, 2MB → bytes. */
export function parseSize(text: string, what: string): number {
  const match = /^(0x[0-9a-f]+|\d+)\s*(k|kb|m|mb)?$/i.exec(text.trim());
  if (!match)
    throw new CliError(
      "usage",
      `${what} '${text}' is not a number.`,
      "Write it as 0x10000, 65536, 64K or 4M.",
    );
  const base = match[1]!.toLowerCase().startsWith("0x")
    ? Number.parseInt(match[1]!, 16)
    : Number(match[1]);
  const unit = match[2]?.toLowerCase().startsWith("m") ? 1024 * 1024 : match[2] ? 1024 : 1;
  const value = base * unit;
  if (!Number.isSafeInteger(value) || value >= 2 ** 32)
    throw new CliError(
      "usage",
      `${what} '${text}' is too large.`,
      "Flash addresses are below 4 GB.",
    );
  return value;
}

export function parseChip(text: string): ChipFamily {
  const normal = text.toUpperCase().replace(/^ESP32(?=[A-Z])/, "ESP32-");
  if (isChipFamily(normal)) return normal;
  throw new CliError(
    "usage",
    `Unknown chip '${text}'.`,
    `Use one of: ${CHIP_FAMILIES.join(", ")}.`,
  );
}

export interface FlashSettings {
  chip?: ChipFamily;
  flashSize?: string;
  flashMode?: string;
  flashFreq?: string;
}

export interface FlashInput {
  /** What the user named, for messages. */
  source: string;
  builds: ManifestBuild[];
  name?: string;
}

const isManifestArg = (arg: string) => /^https?:\/\//i.test(arg) || /\.json$/i.test(arg);

/**
 * `flash` arguments → builds: one manifest (path or https URL), or image files with offsets
 * (`file.bin@0x1000`), which become one build per chip family (or for --chip only).
 */
export async function flashInput(args: string[], settings: FlashSettings): Promise<FlashInput> {
  if (args.length === 0)
    throw new CliError(
      "usage",
      "Nothing to flash.",
      "Give a manifest (manifest.json or an https URL) or image files with offsets, e.g. firmware.bin@0x0.",
    );
  const manifests = args.filter(isManifestArg);
  if (manifests.length > 0 && args.length > 1) {
    throw new CliError(
      "usage",
      "Give either one manifest or image files, not both.",
      "Flash a manifest alone, or list files as file.bin@offset.",
    );
  }
  const input =
    manifests.length === 1
      ? await manifestInput(manifests[0]!)
      : await filesInput(args, settings.chip);
  let builds = input.builds;
  if (settings.chip) {
    builds = builds.filter((b) => b.chipFamily === settings.chip);
    if (builds.length === 0) {
      throw new CliError(
        "no-build-for-chip",
        `${input.source} has no build for ${settings.chip}.`,
        `It has builds for ${[...new Set(input.builds.map((b) => b.chipFamily))].join(", ")}.`,
      );
    }
  }
  builds = builds.map((b) => ({
    ...b,
    ...(settings.flashSize ? { flashSize: settings.flashSize } : {}),
    ...(settings.flashMode ? { flashMode: settings.flashMode } : {}),
    ...(settings.flashFreq ? { flashFreq: settings.flashFreq } : {}),
  }));
  checkFlashSettings(settings, builds);
  await checkLocalParts(builds);
  return { ...input, builds };
}

/** A missing offset and a bad one are the same mistake: code bad-offset, exit 3. */
export function parseOffset(text: string, arg: string): number {
  try {
    return parseSize(text, `The offset in '${arg}'`);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError("bad-offset", error.message, error.advice);
  }
}

/**
 * --flash-size, --flash-mode and --flash-freq are checked against the chip table before any
 * board is touched: a value no chip of these builds has is refused here, not after connecting.
 */
function checkFlashSettings(settings: FlashSettings, builds: ManifestBuild[]) {
  const families = [...new Set(builds.map((b) => b.chipFamily))];
  const offer = (values: string[]) => [...new Set(values)].join(", ");
  const { flashSize, flashMode, flashFreq } = settings;
  if (flashSize !== undefined && flashSize !== "detect" && flashSize !== "keep") {
    const sizes = families.flatMap((f) => Object.keys(CHIPS[f].flashSizes));
    if (!sizes.includes(flashSize))
      throw new CliError(
        "usage",
        `--flash-size ${flashSize} is not a flash size ${families.length === 1 ? `an ${families[0]}` : "these chips"} can have.`,
        `Use detect (the default), keep, or one of: ${offer(sizes)}.`,
      );
  }
  if (flashMode !== undefined && flashMode !== "keep" && !FLASH_MODES.includes(flashMode as never))
    throw new CliError(
      "usage",
      `--flash-mode ${flashMode} is not a flash mode.`,
      `Use keep (the default) or one of: ${FLASH_MODES.join(", ")}.`,
    );
  if (flashFreq !== undefined && flashFreq !== "keep") {
    const freqs = families.flatMap((f) => Object.keys(CHIPS[f].flashFrequencies));
    if (!freqs.includes(flashFreq))
      throw new CliError(
        "usage",
        `--flash-freq ${flashFreq} is not a flash frequency ${families.length === 1 ? `an ${families[0]}` : "these chips"} has.`,
        `Use keep (the default) or one of: ${offer(freqs)}.`,
      );
  }
}

async function manifestInput(arg: string): Promise<FlashInput> {
  const manifest = /^https?:\/\//i.test(arg)
    ? await loadManifest(arg)
    : await readLocalManifest(arg);
  return { source: arg, builds: manifest.builds, name: manifest.name };
}

/**
 * A manifest file on disk, parsed with its `file:` URL as base; its local parts must be regular
 * files under its real folder (see confineLocalParts).
 */
export async function readLocalManifest(path: string): Promise<Manifest> {
  const file = resolve(path);
  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // A bare 0x1000 is the usual slip: JSON has no hex numbers.
    const bare = /[:[,]\s*(0x[0-9a-f]+)/i.exec(text)?.[1];
    throw new ManifestError(
      "",
      `${path} is not valid JSON (${(error as Error).message}).`,
      bare
        ? `JSON has no hex numbers: write ${Number.parseInt(bare, 16)} for ${bare}.`
        : "Check the file with a JSON validator.",
      "manifest-not-json",
    );
  }
  return confineLocalParts(parseManifest(json, pathToFileURL(file)), file);
}

async function filesInput(args: string[], chip: ChipFamily | undefined): Promise<FlashInput> {
  const parts = args.map((arg) => {
    const at = arg.lastIndexOf("@");
    if (at <= 0) {
      throw new CliError(
        "bad-offset",
        `'${arg}' has no offset.`,
        `Say where it goes: ${arg}@0x0 (ESP8266, ESP32-C3/S3 …), ${arg}@0x1000 (ESP32 bootloader), ${arg}@0x10000 (app).`,
      );
    }
    const path = arg.slice(0, at);
    const offset = parseOffset(arg.slice(at + 1), arg);
    return { path, url: pathToFileURL(resolve(path)).href, offset };
  });
  const offsets = parts.map((p) => p.offset);
  const twice = offsets.find((o, i) => offsets.indexOf(o) !== i);
  if (twice !== undefined)
    throw new CliError(
      "bad-offset",
      `Two files go to 0x${twice.toString(16)}.`,
      "Each file needs its own offset.",
    );
  const families = chip ? [chip] : CHIP_FAMILIES;
  const builds = families.map((chipFamily): ManifestBuild => ({
    chipFamily,
    parts,
    flashSize: "detect",
    flashMode: "keep",
    flashFreq: "keep",
  }));
  return { source: args.join(" "), builds };
}

/** Missing local files are named up front, before any board is touched. */
async function checkLocalParts(builds: ManifestBuild[]) {
  const urls = new Set(
    builds.flatMap((b) => b.parts.map((p) => p.url)).filter((u) => u.startsWith("file:")),
  );
  for (const url of urls) {
    const path = fileURLToPath(url);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile())
      throw new CliError(
        "file-not-found",
        `${path} does not exist${info ? " as a file" : ""}.`,
        "Check the path (a manifest's part paths are relative to the manifest).",
      );
  }
}

async function readText(path: string): Promise<string> {
  // Judged by its size before reading: a huge file is not a manifest and must not fill memory.
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile() && info.size > MAX_MANIFEST_BYTES)
    throw new CliError(
      "manifest-too-large",
      `${path} is ${Math.round(info.size / (1024 * 1024))} MB, larger than ${MAX_MANIFEST_BYTES / (1024 * 1024)} MB: it is not a manifest.`,
      "Check the path: give the manifest.json, not a firmware image or archive.",
    );
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT" ? "file-not-found" : "file-unreadable",
      `Cannot read ${path}: ${(error as Error).message}`,
      "Check the path.",
    );
  }
}

/** `fetch` that also reads file: URLs from disk, so core's session flashes local parts. */
export const fetchWithFiles: typeof fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith("file:")) return fetch(input, init);
  init?.signal?.throwIfAborted();
  const data = await readRegularFile(fileURLToPath(url));
  return new Response(data, {
    status: 200,
    headers: { "content-length": String(data.length), "content-type": "application/octet-stream" },
  });
};
