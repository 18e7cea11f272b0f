import { EspFlashError } from "../errors.js";

export type ManifestErrorCode = "manifest-invalid" | "manifest-url-refused" | "manifest-not-json";

/**
 * A manifest a site author must fix. `path` is the JSON path of the problem, e.g.
 * `builds[1].parts[0].offset` ("" for the whole document).
 */
export class ManifestError extends EspFlashError {
  override name = "ManifestError";
  declare readonly code: ManifestErrorCode;
  constructor(
    readonly path: string,
    message: string,
    advice?: string,
    code: ManifestErrorCode = "manifest-invalid",
  ) {
    super(code, path ? `${path}: ${message}` : message, advice);
  }
}
