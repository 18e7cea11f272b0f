/**
 * Every failure the core reports is an `EspFlashError`: a stable `code` for programs,
 * a `message` that says what went wrong, and `advice` a person can act on.
 */
export class EspFlashError extends Error {
  override name = "EspFlashError";
  constructor(
    readonly code: string,
    message: string,
    readonly advice?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
