import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { ManifestPart } from "../manifest/types.js";
import { DownloadError } from "./errors.js";

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Called as bytes arrive; `total` is the Content-Length when the server sent a usable one. */
  onProgress?: (received: number, total: number | undefined) => void;
}

/** Larger than any flash chip's addressable space: anything bigger is not a firmware part. */
export const MAX_PART_BYTES = 256 * 1024 * 1024;

const HTML_START = [/^<!doctype/i, /^<html/i];

function statusAdvice(status: number): string {
  if (status === 404 || status === 410) return "The file is not on the server: check the part's path in the manifest.";
  if (status === 401 || status === 403) return "The server refused access: firmware files must be publicly downloadable.";
  if (status >= 500) return "The server had a problem: retry in a moment.";
  return "Check the part's URL in the manifest and retry.";
}

/** Whether the body is a web page: an error or login page served instead of the firmware. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || (bytes[i]! >= 0x09 && bytes[i]! <= 0x0d))) i++;
  let head = "";
  for (let j = i; j < Math.min(bytes.length, i + 9); j++) head += String.fromCharCode(bytes[j]!);
  return HTML_START.some((re) => re.test(head));
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
  return new DownloadError("download-aborted", url, "The download was cancelled.", undefined, undefined, { cause: reason });
}

/** The Content-Length to hold the body to, unless the body is re-encoded (gzip etc.) on the way. */
function expectedLength(headers: Headers): number | undefined {
  const encoding = headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const raw = headers.get("content-length");
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}

async function readBody(response: Response, url: string, total: number | undefined, opts: DownloadOptions): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
        if (received > MAX_PART_BYTES) {
          throw new DownloadError("download-too-large", url, `The file is larger than ${MAX_PART_BYTES} bytes.`, "Check the part's path: this is not a firmware image.");
        }
        chunks.push(value);
        opts.onProgress?.(received, total);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      if (error instanceof DownloadError) throw error;
      if (opts.signal?.aborted) throw aborted(url, opts.signal.reason);
      throw new DownloadError("download-failed", url, "The connection broke during the download.", "Check the network connection and retry.", response.status, { cause: error });
    }
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * Downloads one manifest part with progress and checks what arrived: HTTP status, no web
 * page instead of firmware, not empty, length equal to Content-Length, and the part's
 * `sha256` when the manifest gives one. Throws `DownloadError`; abortable via `signal`.
 */
export async function downloadPart(part: Pick<ManifestPart, "url" | "sha256">, opts: DownloadOptions = {}): Promise<Uint8Array> {
  const { url } = part;
  const { signal } = opts;
  // file: parts (from a manifest on disk) only through a caller's own fetch, which reads them
  // (the CLI's does); the platform fetch never gets one.
  const localFile = opts.fetch !== undefined && url.startsWith("file:");
  if (!isHttpUrl(url) && !localFile) {
    throw new DownloadError("download-url-refused", url, `Refusing to download '${url}': only http(s) URLs are fetched.`, "Give parts https: URLs or paths relative to the manifest.");
  }
  if (signal?.aborted) throw aborted(url, signal.reason);
  const doFetch = opts.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, signal ? { signal } : {});
  } catch (error) {
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
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError("download-http-status", url, `The server answered ${[response.status, response.statusText].join(" ").trim()} for ${url}.`, statusAdvice(response.status), response.status);
  }
  const htmlAdvice = "The server sent a web page instead of the firmware (often an error or login page): check the part's path in the manifest.";
  if ((response.headers.get("content-type") ?? "").toLowerCase().includes("text/html")) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError("download-html", url, `${url} is a web page (text/html), not a firmware file.`, htmlAdvice, response.status);
  }
  const total = expectedLength(response.headers);
  if (total !== undefined && total > MAX_PART_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError("download-too-large", url, `${url} is ${total} bytes, larger than any flash chip.`, "Check the part's path: this is not a firmware image.", response.status);
  }
  const bytes = await readBody(response, url, total, opts);
  if (bytes.length === 0) {
    throw new DownloadError("download-empty", url, `${url} is empty.`, "The file on the server has no content: rebuild or re-upload the firmware.", response.status);
  }
  if (total !== undefined && bytes.length !== total) {
    throw new DownloadError("download-length-mismatch", url, `Received ${bytes.length} of the ${total} bytes the server announced for ${url}.`, "The download was cut short: check the connection and retry.", response.status);
  }
  if (looksLikeHtml(bytes)) {
    throw new DownloadError("download-html", url, `${url} is a web page, not a firmware file.`, htmlAdvice, response.status);
  }
  if (part.sha256 !== undefined) {
    const actual = bytesToHex(sha256(bytes));
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
