import { EspFlashError } from "../errors.js";

export type ImageErrorCode =
  | "image-too-short"
  | "image-bad-magic"
  | "image-truncated"
  | "image-bad-hash-flag"
  | "image-too-many-segments";

/** The bytes are not a valid ESP firmware image; `offset` is where the problem was found. */
export class ImageError extends EspFlashError {
  override name = "ImageError";
  declare readonly code: ImageErrorCode;
  constructor(
    code: ImageErrorCode,
    message: string,
    readonly offset?: number,
    advice = "Check that the file downloaded completely and that it is a firmware image built for this chip.",
  ) {
    super(code, message, advice);
  }
}

export type FlashSetting = "flashMode" | "flashFreq" | "flashSize";

const NOUN: Record<FlashSetting, [string, string]> = {
  flashMode: ["Flash mode", "modes"],
  flashFreq: ["Flash frequency", "frequencies"],
  flashSize: ["Flash size", "sizes"],
};

/**
 * A flash mode, frequency or size the chip has no header code for. The message is
 * esptool's own ("Flash size '32MB' is not supported by this chip type. Supported sizes: …").
 */
export class UnsupportedFlashSettingError extends EspFlashError {
  override name = "UnsupportedFlashSettingError";
  constructor(
    readonly setting: FlashSetting,
    readonly value: string,
    readonly supported: readonly string[],
  ) {
    const [noun, plural] = NOUN[setting];
    super(
      "flash-setting-unsupported",
      `${noun} '${value}' is not supported by this chip type. Supported ${plural}: ${supported.join(", ")}`,
      value === "detect"
        ? "Resolve 'detect' to the detected size before patching (detectFlashSize), or use 'keep'."
        : `Use one of ${supported.join(", ")} (or 'keep') in the manifest or options.`,
    );
  }
}
