import { DownloadError } from "./errors.js";

/** A server that sends nothing for this long has stalled (typed error, not a hang). */
export const STALL_TIMEOUT_MS = 30_000;

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
  const reader = response.body?.getReader();
  if (reader) {
    try {
      for (;;) {
        const { done, value } = await beforeStall(reader.read(), stallMs, () =>
          stalled(url, stallMs, opts.status),
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
