import { beforeStall, readBody, stalled, STALL_TIMEOUT_MS } from "../download/body.js";
import { DownloadError } from "../download/errors.js";
import { ManifestError } from "./errors.js";
import { parseManifest } from "./parse.js";
import type { Manifest } from "./types.js";
import { fetchFollowing, type Fetched } from "../download/redirects.js";
import { resolveManifestUrl } from "./url.js";

/** Real manifests are a few KB; anything this large is not one (and must not fill memory). */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/**
 * Fetches and parses a manifest. The URL must be https: (or http: on localhost); relative
 * URLs resolve against the page. Throws `DownloadError` when it cannot be fetched and
 * `ManifestError` when it is not a valid manifest.
 */
export async function loadManifest(
  url: string | URL,
  opts: { signal?: AbortSignal; fetch?: typeof fetch; stallTimeoutMs?: number } = {},
): Promise<Manifest> {
  const resolved = resolveManifestUrl(url);
  const href = resolved.href;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const stallMs = opts.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  let fetched: Fetched;
  try {
    fetched = await beforeStall(
      fetchFollowing(doFetch, href, opts.signal ? { signal: opts.signal } : {}),
      stallMs,
      () => stalled(href, stallMs),
    );
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const code = opts.signal?.aborted ? "download-aborted" : "download-failed";
    throw new DownloadError(
      code,
      href,
      code === "download-aborted"
        ? "Loading the manifest was cancelled."
        : `Could not load the manifest ${href}.`,
      "Check the network connection. A manifest on another site must allow cross-origin requests (Access-Control-Allow-Origin).",
      undefined,
      { cause: error },
    );
  }
  const { response, refusal } = fetched;
  if (refusal) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      "download-redirect-refused",
      href,
      `Refusing the manifest ${href}: ${refusal}.`,
      "Serve the manifest over https: (http: only on localhost).",
      response.status,
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
  const declared = Number(response.headers.get("content-length") ?? "0");
  const tooLarge = `The manifest ${href} is larger than ${MAX_MANIFEST_BYTES / (1024 * 1024)} MB: it is not a manifest.`;
  const tooLargeAdvice = "Check the manifest URL on the page.";
  if (declared > MAX_MANIFEST_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError("download-too-large", href, tooLarge, tooLargeAdvice, response.status);
  }
  const body = await readBody(response, {
    url: href,
    limit: MAX_MANIFEST_BYTES,
    limitMessage: tooLarge,
    limitAdvice: tooLargeAdvice,
    stallMs,
    status: response.status,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = new TextDecoder().decode(body);
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
