import { DownloadError } from "./errors.js";

/** A server that sends nothing for this long has stalled (typed error, not a hang). */
export const STALL_TIMEOUT_MS = 30_000;

/**
 * The whole body must arrive within this, plus time for its size at the slowest rate we wait
 * for: a server that drips a byte now and then never stalls, but must still end.
 */
export const DEADLINE_BASE_MS = 60_000;
export const MIN_BYTES_PER_SECOND = 4096;

export interface Deadline {
  baseMs?: number;
  minBytesPerSecond?: number;
}

export interface BodyOptions {
  url: string;
  /** Larger bodies are refused as they arrive. */
  limit: number;
  limitMessage: string;
  limitAdvice: string;
  stallMs?: number;
  signal?: AbortSignal;
  total?: number;
  onProgress?: (received: number, total: number | undefined) => void;
  status: number;
  deadline?: Deadline;
}

export function stalled(url: string, ms: number, status?: number): DownloadError {
  return new DownloadError(
    "download-stalled",
    url,
    `The server stopped sending ${url} (nothing for ${Math.round(ms / 1000)} s).`,
    "Check the network connection and retry; if it keeps stalling, the server is overloaded.",
    status,
  );
}

/** Settle `work`, or reject with `onStall()` after `ms` without it settling. */
export async function beforeStall<T>(
  work: Promise<T>,
  ms: number,
  onStall: () => Error,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(onStall()), ms)),
  );
  try {
    return await Promise.race([work, stall]);
  } finally {
    clearTimeout(timer);
  }
}

/** Read a body chunk by chunk with progress, a size limit and a stall timeout. */
export async function readBody(response: Response, opts: BodyOptions): Promise<Uint8Array> {
  const { url } = opts;
  const stallMs = opts.stallMs ?? STALL_TIMEOUT_MS;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const started = Date.now();
  const baseMs = opts.deadline?.baseMs ?? DEADLINE_BASE_MS;
  const rate = opts.deadline?.minBytesPerSecond ?? MIN_BYTES_PER_SECOND;
  // The size announced (else what arrived so far, at most the limit) sets how long it may take.
  const allowedMs = () => baseMs + (Math.min(opts.total ?? received, opts.limit) / rate) * 1000;
  const tooSlow = () =>
    new DownloadError(
      "download-too-slow",
      url,
      `The server is sending ${url} too slowly: ${received}${opts.total !== undefined ? ` of ${opts.total}` : ""} bytes in ${Math.round((Date.now() - started) / 1000)} s.`,
      "Retry later or from a faster connection; if it stays this slow, the server is overloaded: tell the site's author.",
      opts.status,
    );
  const reader = response.body?.getReader();
  if (reader) {
    try {
      for (;;) {
        const left = started + allowedMs() - Date.now();
        if (left <= 0) throw tooSlow();
        const wait = Math.min(stallMs, left);
        const { done, value } = await beforeStall(reader.read(), wait, () =>
          wait < stallMs ? tooSlow() : stalled(url, stallMs, opts.status),
        );
        if (done) break;
        received += value.length;
        if (received > opts.limit)
          throw new DownloadError(
            "download-too-large",
            url,
            opts.limitMessage,
            opts.limitAdvice,
            opts.status,
          );
        chunks.push(value);
        opts.onProgress?.(received, opts.total);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      if (error instanceof DownloadError) throw error;
      if (opts.signal?.aborted) {
        throw new DownloadError(
          "download-aborted",
          url,
          "The download was cancelled.",
          undefined,
          undefined,
          { cause: opts.signal.reason },
        );
      }
      throw new DownloadError(
        "download-failed",
        url,
        "The connection broke during the download.",
        "Check the network connection and retry.",
        opts.status,
        { cause: error },
      );
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
