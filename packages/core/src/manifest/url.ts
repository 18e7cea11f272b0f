import { ManifestError } from "./errors.js";
import { reachesLocalFromPublic } from "./local-hosts.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const POLICY =
  "Firmware URLs must use https:, http: on localhost, or a path relative to the manifest.";

/** The page's own URL when there is one (browsers), for resolving a relative manifest URL. */
function pageUrl(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === "string" ? location.href : undefined;
}

function allowedScheme(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

/** A blob: URL the page made itself (ESP Web Tools' documented way to pass a generated manifest),
 * on an origin the policy allows. Its origin is its creator's. */
function allowedBlob(url: URL): boolean {
  if (url.protocol !== "blob:") return false;
  try {
    return allowedScheme(new URL(url.origin));
  } catch {
    return false; // an opaque origin ("null")
  }
}

/**
 * The URL policy for where a download may end up after redirects: https:, http: on
 * localhost, or http(s) on the origin that was asked for. Undefined when allowed, else why not.
 */
export function redirectRefusal(finalUrl: string, requested: string): string | undefined {
  if (!finalUrl || finalUrl === requested) return undefined;
  let url: URL;
  let asked: URL;
  try {
    url = new URL(finalUrl);
    asked = new URL(requested);
  } catch {
    return `it was redirected to '${finalUrl}', which is not a valid URL`;
  }
  const web = url.protocol === "https:" || url.protocol === "http:";
  if (url.username || url.password) return "it was redirected to a URL that carries credentials";
  if (reachesLocalFromPublic(url, asked))
    return `it was redirected from ${asked.host} to ${url.host}, on this computer or its local network`;
  if (allowedScheme(url) || (web && url.origin === asked.origin)) return undefined;
  return `it was redirected to ${url.protocol === "http:" ? `plain http: on ${url.host}` : `a ${url.protocol} URL`}`;
}

/** An absolute base URL for a manifest (relative ones resolve against the page). */
export function manifestBaseUrl(input: string | URL): URL {
  try {
    return new URL(input, pageUrl());
  } catch {
    throw new ManifestError(
      "",
      `The manifest URL '${String(input)}' is not a valid absolute URL.`,
      "Pass an absolute URL (e.g. new URL('manifest.json', location.href)).",
      "manifest-url-refused",
    );
  }
}

/**
 * Resolves the manifest's own URL (relative ones against the page) and applies the URL
 * policy: https:, http: on localhost / 127.0.0.1 / [::1], or a blob: URL of such an origin.
 */
export function resolveManifestUrl(input: string | URL): URL {
  const url = manifestBaseUrl(input);
  // Checked first, and never echoed: the URL would print the token.
  if (url.username || url.password) {
    throw new ManifestError(
      "",
      `The manifest URL '${withoutCredentials(url)}' carries a user name or password.`,
      "Remove the credentials from the URL: manifests and firmware must be publicly downloadable. Never put a token in a URL you share.",
      "manifest-url-refused",
    );
  }
  if (!allowedScheme(url) && !allowedBlob(url)) {
    throw new ManifestError(
      "",
      `The manifest URL '${url.href}' uses ${url.protocol}, which is not allowed.`,
      "Serve the manifest over https: (http: only works on localhost), or pass a blob: URL the page made.",
      "manifest-url-refused",
    );
  }
  return url;
}

/**
 * Resolves a part path against the manifest URL and applies the policy: https:, http: on
 * localhost, or the manifest's own origin; `file:` only when the manifest itself is a local
 * file (parsed with a `file:` base in Node). `javascript:`, `data:`, `blob:` and the like are
 * refused.
 */
export function resolvePartUrl(path: string, manifestUrl: URL, jsonPath: string): URL {
  let url: URL;
  // A blob: manifest has no folder: its relative paths resolve against the page that made it.
  const base = manifestUrl.protocol === "blob:" ? (pageUrl() ?? manifestUrl) : manifestUrl;
  try {
    url = new URL(path, base);
  } catch {
    if (base.toString().startsWith("blob:"))
      throw new ManifestError(
        jsonPath,
        `'${truncate(path)}' is relative, and a manifest passed as a blob: URL has no folder to resolve it against.`,
        "Give the part's full https: URL in the generated manifest.",
        "manifest-url-refused",
      );
    throw new ManifestError(
      jsonPath,
      `'${path}' is not a valid URL or path.`,
      POLICY,
      "manifest-url-refused",
    );
  }
  if (url.username || url.password) {
    throw new ManifestError(
      jsonPath,
      `'${truncate(withoutCredentials(url))}' carries credentials in the URL.`,
      "Remove the user name and password from the URL; firmware must be publicly downloadable.",
      "manifest-url-refused",
    );
  }
  // Same origin counts only for http(s): a blob: URL shares its creator's origin.
  const web = url.protocol === "https:" || url.protocol === "http:";
  const sameOrigin = web && url.origin === manifestUrl.origin;
  // A manifest read from disk (Node, CLI) may name files beside it; a web manifest never can,
  // since resolveManifestUrl refuses file: manifests.
  const localFile = url.protocol === "file:" && manifestUrl.protocol === "file:";
  if (reachesLocalFromPublic(url, creatorUrl(manifestUrl))) {
    throw new ManifestError(
      jsonPath,
      `'${truncate(withoutCredentials(url))}' is refused: a manifest from ${manifestUrl.host} may not name a part on this computer or its local network (${url.host}).`,
      "Serve the firmware from the manifest's own site or another public https: server; tell the site's author.",
      "manifest-url-refused",
    );
  }
  if (!allowedScheme(url) && !sameOrigin && !localFile) {
    const why =
      url.protocol === "http:"
        ? `plain http: to ${url.host} is not allowed`
        : `the ${url.protocol} scheme is not allowed`;
    throw new ManifestError(
      jsonPath,
      `'${truncate(path)}' is refused: ${why}.`,
      POLICY,
      "manifest-url-refused",
    );
  }
  return url;
}

/** A blob: manifest is judged by the origin that made it; other manifests by their own URL. */
function creatorUrl(manifestUrl: URL): URL {
  if (manifestUrl.protocol !== "blob:") return manifestUrl;
  try {
    return new URL(manifestUrl.origin);
  } catch {
    return manifestUrl;
  }
}

/** The URL with any user name and password removed, for messages. */
export function withoutCredentials(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  return copy.href;
}

const truncate = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
