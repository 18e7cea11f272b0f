import { DownloadError } from "../download/errors.js";
import { ManifestError } from "./errors.js";
import { parseManifest } from "./parse.js";
import type { Manifest } from "./types.js";
import { resolveManifestUrl } from "./url.js";

/**
 * Fetches and parses a manifest. The URL must be https: (or http: on localhost); relative
 * URLs resolve against the page. Throws `DownloadError` when it cannot be fetched and
 * `ManifestError` when it is not a valid manifest.
 */
export async function loadManifest(url: string | URL, opts: { signal?: AbortSignal; fetch?: typeof fetch } = {}): Promise<Manifest> {
  const resolved = resolveManifestUrl(url);
  const href = resolved.href;
  const doFetch = opts.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(href, opts.signal ? { signal: opts.signal } : {});
  } catch (error) {
    const code = opts.signal?.aborted ? "download-aborted" : "download-failed";
    throw new DownloadError(
      code,
      href,
      code === "download-aborted" ? "Loading the manifest was cancelled." : `Could not load the manifest ${href}.`,
      "Check the network connection. A manifest on another site must allow cross-origin requests (Access-Control-Allow-Origin).",
      undefined,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new DownloadError(
      "download-http-status",
      href,
      `The server answered ${response.status} for the manifest ${href}.`,
      "Check the manifest URL on the page.",
      response.status,
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new DownloadError("download-failed", href, `The manifest ${href} could not be read.`, "Retry.", response.status, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(
      "",
      `The manifest ${href} is not valid JSON (${(error as Error).message}).`,
      "Check the file with a JSON validator; a web page here usually means a wrong URL.",
      "manifest-not-json",
    );
  }
  return parseManifest(json, resolved);
}
