import { EspFlashError } from "../errors.js";

export type ImprovErrorCode =
  | "improv-not-detected"
  | "improv-timeout"
  | "improv-unable-to-connect"
  | "improv-invalid-rpc"
  | "improv-unknown-command"
  | "improv-device-error"
  | "improv-port"
  | "improv-closed"
  | "improv-bad-input";

/** An Improv Serial failure: `code` for programs, `message` and `advice` for people. */
export class ImprovError extends EspFlashError {
  override name = "ImprovError";
  declare readonly code: ImprovErrorCode;
  constructor(
    code: ImprovErrorCode,
    message: string,
    advice?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, advice, options);
  }
}
