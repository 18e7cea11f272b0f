import { bytesToHex } from "../hex.js";
import type { ManifestPart } from "../manifest/types.js";
import { beforeStall, readBody, stalled, STALL_TIMEOUT_MS, type Deadline } from "./body.js";
import { DownloadError } from "./errors.js";
import { fetchFollowing, type Fetched } from "./redirects.js";
import { looksLikeErrorText, looksLikeHtml } from "./sniff.js";

export { looksLikeHtml };

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Called as bytes arrive; `total` is the Content-Length when the server sent a usable one. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** No byte (or no response) for this long ends the download with "download-stalled" (default 30 s). */
  stallTimeoutMs?: number;
  /**
   * The whole body must arrive within `baseMs` (default 60 s) plus its announced size at
   * `minBytesPerSecond` (default 4 KB/s), else "download-too-slow".
   */
  deadline?: Deadline;
}

/** Larger than any flash chip's addressable space: anything bigger is not a firmware part. */
export const MAX_PART_BYTES = 256 * 1024 * 1024;

function statusAdvice(status: number): string {
  if (status === 404 || status === 410)
    return "The file is not on the server: check the part's path in the manifest.";
  if (status === 401 || status === 403)
    return "The server refused access: firmware files must be publicly downloadable.";
  if (status >= 500) return "The server had a problem: retry in a moment.";
  return "Check the part's URL in the manifest and retry.";
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

function aborted(url: string, reason: unknown): DownloadError {
  return new DownloadError(
    "download-aborted",
    url,
    "The download was cancelled.",
    undefined,
    undefined,
    { cause: reason },
  );
}

/** The Content-Length to hold the body to, unless the body is re-encoded (gzip etc.) on the way. */
function expectedLength(headers: Headers): number | undefined {
  const encoding = headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const raw = headers.get("content-length");
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}

/**
 * Downloads one manifest part with progress and checks what arrived: HTTP status, no web
 * page instead of firmware, not empty, length equal to Content-Length, and the part's
 * `sha256` when the manifest gives one. Throws `DownloadError`; abortable via `signal`.
 */
export async function downloadPart(
  part: Pick<ManifestPart, "url" | "sha256">,
  opts: DownloadOptions = {},
): Promise<Uint8Array> {
  const { url } = part;
  const { signal } = opts;
  // file: parts (from a manifest on disk) only through a caller's own fetch, which reads them
  // (the CLI's does); the platform fetch never gets one.
  const localFile = opts.fetch !== undefined && url.startsWith("file:");
  if (!isHttpUrl(url) && !localFile) {
    throw new DownloadError(
      "download-url-refused",
      url,
      `Refusing to download '${url}': only http(s) URLs are fetched.`,
      "Give parts https: URLs or paths relative to the manifest.",
    );
  }
  if (signal?.aborted) throw aborted(url, signal.reason);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const stallMs = opts.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  let fetched: Fetched;
  try {
    // Our own signal too, so a stalled request is cancelled rather than left open.
    const request = new AbortController();
    const forward = () => request.abort(signal?.reason);
    signal?.addEventListener("abort", forward, { once: true });
    try {
      fetched = await beforeStall(
        fetchFollowing(doFetch, url, { signal: request.signal }),
        stallMs,
        () => {
          request.abort();
          return stalled(url, stallMs);
        },
      );
    } finally {
      signal?.removeEventListener("abort", forward);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (signal?.aborted) throw aborted(url, signal.reason);
    throw new DownloadError(
      "download-failed",
      url,
      `Could not download ${url}.`,
      "Check the network connection. A file on another site must allow cross-origin requests (Access-Control-Allow-Origin).",
      undefined,
      { cause: error },
    );
  }
  const { response, refusal } = fetched;
  if (refusal) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      "download-redirect-refused",
      url,
      `Refusing ${url}: ${refusal}.`,
      "Firmware must be served over https: (http: only on localhost or the manifest's own site); tell the site's author.",
      response.status,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      "download-http-status",
      url,
      `The server answered ${[response.status, response.statusText].join(" ").trim()} for ${url}.`,
      statusAdvice(response.status),
      response.status,
    );
  }
  const htmlAdvice =
    "The server sent a web page instead of the firmware (often an error or login page): check the part's path in the manifest.";
  if ((response.headers.get("content-type") ?? "").toLowerCase().includes("text/html")) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      "download-html",
      url,
      `${url} is a web page (text/html), not a firmware file.`,
      htmlAdvice,
      response.status,
    );
  }
  const total = expectedLength(response.headers);
  if (total !== undefined && total > MAX_PART_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      "download-too-large",
      url,
      `${url} is ${total} bytes, larger than any flash chip.`,
      "Check the part's path: this is not a firmware image.",
      response.status,
    );
  }
  const bytes = await readBody(response, {
    url,
    limit: MAX_PART_BYTES,
    limitMessage: `The file is larger than ${MAX_PART_BYTES} bytes.`,
    limitAdvice: "Check the part's path: this is not a firmware image.",
    stallMs,
    status: response.status,
    ...(signal ? { signal } : {}),
    ...(total !== undefined ? { total } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.deadline ? { deadline: opts.deadline } : {}),
  });
  if (bytes.length === 0) {
    throw new DownloadError(
      "download-empty",
      url,
      `${url} is empty.`,
      "The file on the server has no content: rebuild or re-upload the firmware.",
      response.status,
    );
  }
  if (total !== undefined && bytes.length !== total) {
    throw new DownloadError(
      "download-length-mismatch",
      url,
      `Received ${bytes.length} of the ${total} bytes the server announced for ${url}.`,
      "The download was cut short: check the connection and retry.",
      response.status,
    );
  }
  if (looksLikeHtml(bytes)) {
    throw new DownloadError(
      "download-html",
      url,
      `${url} is a web page or JSON/XML document, not a firmware file.`,
      htmlAdvice,
      response.status,
    );
  }
  if (looksLikeErrorText(bytes)) {
    throw new DownloadError(
      "download-html",
      url,
      `${url} is a short text message ("${new TextDecoder().decode(bytes).trim().slice(0, 60)}"), not a firmware file.`,
      htmlAdvice,
      response.status,
    );
  }
  if (part.sha256 !== undefined) {
    // The platform's SHA-256 (browsers and Node): no hashing code to download with the page.
    const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
    const actual = bytesToHex(new Uint8Array(digest));
    if (actual !== part.sha256.toLowerCase()) {
      throw new DownloadError(
        "download-sha256-mismatch",
        url,
        `${url} does not match the manifest's sha256 (expected ${part.sha256.toLowerCase()}, got ${actual}).`,
        "Do not flash it: the file differs from the one the manifest describes (stale manifest or altered download). Tell the site owner.",
        response.status,
      );
    }
  }
  return bytes;
}
