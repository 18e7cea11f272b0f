import { EspFlashError } from "../errors.js";

export type DownloadErrorCode =
  | "download-url-refused"
  | "download-failed"
  | "download-http-status"
  | "download-html"
  | "download-empty"
  | "download-too-large"
  | "download-length-mismatch"
  | "download-sha256-mismatch"
  | "download-aborted"
  | "download-stalled"
  | "download-too-slow"
  | "download-redirect-refused";

/** A firmware file (or manifest) could not be fetched intact; nothing was written. */
export class DownloadError extends EspFlashError {
  override name = "DownloadError";
  declare readonly code: DownloadErrorCode;
  constructor(
    code: DownloadErrorCode,
    readonly url: string,
    message: string,
    advice?: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, advice, options);
  }
}
