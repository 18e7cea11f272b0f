import {
  CHIP_FAMILIES,
  chipInfo,
  FLASH_MODES,
  isChipFamily,
  type ChipFamily,
} from "../chips/index.js";
import { ManifestError } from "./errors.js";
import type { Manifest, ManifestBuild, ManifestPart } from "./types.js";
import { manifestBaseUrl, resolvePartUrl } from "./url.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the string "${value.length > 40 ? `${value.slice(0, 37)}…` : value}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function optionalString(obj: Json, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw new ManifestError(`${path}${key}`, `must be a string, not ${describe(value)}.`);
  return value;
}

function choice(
  obj: Json,
  key: string,
  path: string,
  allowed: readonly string[],
  fallback: string,
): string {
  const value = obj[key] ?? fallback;
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new ManifestError(
      `${path}.${key}`,
      `${describe(value)} is not allowed.`,
      `Use one of: ${allowed.map((a) => `"${a}"`).join(", ")}.`,
    );
  }
  return value;
}

function parseChipFamily(value: unknown, path: string): ChipFamily {
  if (isChipFamily(value)) return value;
  const hint =
    typeof value === "string" && isChipFamily(value.toUpperCase())
      ? `Chip families are upper case: write "${value.toUpperCase()}".`
      : `Use one of: ${CHIP_FAMILIES.join(", ")}.`;
  throw new ManifestError(path, `${describe(value)} is not a supported chip family.`, hint);
}

function parseOffset(value: unknown, path: string): number {
  if (typeof value === "string") {
    const hex = /^0x[0-9a-f]+$/i.test(value)
      ? ` (write ${Number.parseInt(value, 16)} for ${value})`
      : "";
    throw new ManifestError(
      path,
      `must be a number, not ${describe(value)}.`,
      `JSON has no hex numbers: give the offset in decimal${hex}.`,
    );
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= 2 ** 32) {
    throw new ManifestError(
      path,
      `must be a whole number of bytes from 0, not ${describe(value)}.`,
      "Give the flash offset in decimal, e.g. 4096 for 0x1000.",
    );
  }
  return value;
}

function parsePart(
  raw: unknown,
  path: string,
  base: URL,
  seen: Map<number, number>,
  index: number,
): ManifestPart {
  if (!isObject(raw))
    throw new ManifestError(
      path,
      `must be an object with "path" and "offset", not ${describe(raw)}.`,
    );
  const file = raw.path;
  if (typeof file !== "string" || file.trim() === "") {
    throw new ManifestError(
      `${path}.path`,
      `must be a non-empty string, not ${describe(file)}.`,
      "Give the firmware file's URL or a path relative to the manifest.",
    );
  }
  const url = resolvePartUrl(file, base, `${path}.path`).href;
  const offset = parseOffset(raw.offset, `${path}.offset`);
  const earlier = seen.get(offset);
  if (earlier !== undefined) {
    throw new ManifestError(
      `${path}.offset`,
      `${offset} is also the offset of parts[${earlier}].`,
      "Each part must be written at its own offset.",
    );
  }
  seen.set(offset, index);
  const part: ManifestPart = { path: file, url, offset };
  if (raw.sha256 !== undefined) {
    if (typeof raw.sha256 !== "string" || !/^[0-9a-f]{64}$/i.test(raw.sha256)) {
      throw new ManifestError(
        `${path}.sha256`,
        `must be 64 hex digits, not ${describe(raw.sha256)}.`,
        "Put the output of `sha256sum <file>` here, or leave the key out.",
      );
    }
    part.sha256 = raw.sha256.toLowerCase();
  }
  return part;
}

function parseBuild(raw: unknown, path: string, base: URL): ManifestBuild {
  if (!isObject(raw)) throw new ManifestError(path, `must be an object, not ${describe(raw)}.`);
  const chipFamily = parseChipFamily(raw.chipFamily, `${path}.chipFamily`);
  const chip = chipInfo(chipFamily);
  if (!Array.isArray(raw.parts) || raw.parts.length === 0) {
    throw new ManifestError(
      `${path}.parts`,
      `must be a non-empty array, not ${describe(raw.parts)}.`,
      'List the files to write, e.g. [{ "path": "firmware.bin", "offset": 0 }].',
    );
  }
  const seen = new Map<number, number>();
  const parts = raw.parts.map((p, i) => parsePart(p, `${path}.parts[${i}]`, base, seen, i));
  const build: ManifestBuild = {
    chipFamily,
    parts,
    flashSize: choice(
      raw,
      "flashSize",
      path,
      ["detect", "keep", ...Object.keys(chip.flashSizes)],
      "detect",
    ),
    flashMode: choice(raw, "flashMode", path, ["keep", ...FLASH_MODES], "keep"),
    flashFreq: choice(
      raw,
      "flashFreq",
      path,
      ["keep", ...Object.keys(chip.flashFrequencies)],
      "keep",
    ),
  };
  if (raw.serialType !== undefined)
    build.serialType = choice(raw, "serialType", path, ["cdc", "uart"], "") as "cdc" | "uart";
  const name = optionalString(raw, "name", `${path}.`);
  if (name !== undefined) build.name = name;
  if (raw.allowImageChipMismatch !== undefined) {
    if (typeof raw.allowImageChipMismatch !== "boolean") {
      throw new ManifestError(
        `${path}.allowImageChipMismatch`,
        `must be true or false, not ${describe(raw.allowImageChipMismatch)}.`,
      );
    }
    build.allowImageChipMismatch = raw.allowImageChipMismatch;
  }
  return build;
}

/**
 * Validates an ESP Web Tools manifest (unknown keys are ignored) plus our extensions, and
 * resolves every part against `manifestUrl`. Throws `ManifestError` with the JSON path of
 * the first problem. Accepts the parsed JSON or its text; never modifies its input.
 */
export function parseManifest(json: unknown, manifestUrl: string | URL): Manifest {
  const base = manifestBaseUrl(manifestUrl);
  let doc = json;
  if (typeof json === "string") {
    try {
      doc = JSON.parse(json);
    } catch (error) {
      throw new ManifestError(
        "",
        `The manifest is not valid JSON (${(error as Error).message}).`,
        "Check the file with a JSON validator.",
        "manifest-not-json",
      );
    }
  }
  if (!isObject(doc))
    throw new ManifestError("", `A manifest must be a JSON object, not ${describe(doc)}.`);
  if (typeof doc.name !== "string" || doc.name.trim() === "") {
    throw new ManifestError(
      "name",
      `must be a non-empty string, not ${describe(doc.name)}.`,
      'Name the firmware, e.g. "MicroPython".',
    );
  }
  if (!Array.isArray(doc.builds) || doc.builds.length === 0) {
    throw new ManifestError(
      "builds",
      `must be a non-empty array, not ${describe(doc.builds)}.`,
      'Add one build per chip, e.g. { "chipFamily": "ESP32", "parts": [...] }.',
    );
  }
  const builds = doc.builds.map((b, i) => parseBuild(b, `builds[${i}]`, base));
  const manifest: Manifest = { name: doc.name, builds };
  // Some generators write the version as a number; ESP Web Tools shows it either way.
  if (typeof doc.version === "number" && Number.isFinite(doc.version))
    manifest.version = String(doc.version);
  else {
    const version = optionalString(doc, "version", "");
    if (version !== undefined) manifest.version = version;
  }
  for (const key of ["funding_url", "home_assistant_domain"] as const) {
    const value = optionalString(doc, key, "");
    if (value !== undefined) manifest[key] = value;
  }
  for (const key of ["new_install_prompt_erase", "new_install_skip_erase"] as const) {
    if (doc[key] === undefined) continue;
    if (typeof doc[key] !== "boolean")
      throw new ManifestError(key, `must be true or false, not ${describe(doc[key])}.`);
    manifest[key] = doc[key];
  }
  const wait = doc.new_install_improv_wait_time;
  if (wait !== undefined) {
    if (typeof wait !== "number" || !Number.isFinite(wait) || wait < 0) {
      throw new ManifestError(
        "new_install_improv_wait_time",
        `must be a number of seconds from 0, not ${describe(wait)}.`,
      );
    }
    manifest.new_install_improv_wait_time = wait;
  }
  return manifest;
}
