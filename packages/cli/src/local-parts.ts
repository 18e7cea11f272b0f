import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Manifest } from "@esp-flash/core";
import { CliError } from "./errors.js";

/**
 * A manifest on disk may name only regular files under its own real folder (symlinks resolved):
 * otherwise a manifest someone was handed could send `../../.ssh/id_ed25519`, `/proc/self/environ`
 * or a symlink's target to the board, where firmware can pass it on. Files the person names on
 * the command line themself are theirs to send. Each local part comes back with the URL of its
 * real path, so what is read later is what was checked here.
 */
export async function confineLocalParts(
  manifest: Manifest,
  manifestFile: string,
): Promise<Manifest> {
  const folder = dirname(await realpath(manifestFile));
  const checked = new Map<string, string>();
  const builds = [];
  for (const build of manifest.builds) {
    const parts = [];
    for (const part of build.parts) {
      if (!part.url.startsWith("file:")) {
        parts.push(part);
        continue;
      }
      let url = checked.get(part.url);
      if (url === undefined) {
        url = await confinedFileUrl(part.path, fileURLToPath(part.url), folder);
        checked.set(part.url, url);
      }
      parts.push({ ...part, url });
    }
    builds.push({ ...build, parts });
  }
  return { ...manifest, builds };
}

async function confinedFileUrl(named: string, path: string, folder: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    throw new CliError(
      "file-not-found",
      `${path} does not exist (${(error as NodeJS.ErrnoException).code ?? "unreadable"}).`,
      "Check the path (a manifest's part paths are relative to the manifest).",
    );
  }
  const inside = relative(folder, real);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new CliError(
      "part-outside-manifest-folder",
      `The manifest names '${named}', which is ${real === path ? "" : `a link to ${real}, `}outside the manifest's folder ${folder}. Nothing was written.`,
      "A manifest may only name files in its own folder or below it. If you mean to flash that file, name it yourself: esp-flash flash <file>@<offset>.",
    );
  }
  const info = await stat(real);
  if (!info.isFile()) {
    throw new CliError(
      "file-not-found",
      `${real} is not a regular file.`,
      "A part must be a firmware file (not a folder, device or pipe).",
    );
  }
  return pathToFileURL(real).href;
}

/**
 * Reads a local part without following a symlink swapped in after the check, and only if it is
 * a regular file (never a device or pipe, which could block or stream forever).
 */
export async function readRegularFile(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new CliError(
        "file-not-found",
        `${path} is not a regular file.`,
        "A part must be a firmware file (not a folder, device or pipe).",
      );
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}
