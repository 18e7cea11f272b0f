// ESP-IDF's esp_app_desc_t: the build's own account of itself (project name, version, IDF
// version, build time, ELF SHA-256), linked first in the app image's first (DROM) segment.

/** What an ESP-IDF app image says about itself. */
export interface AppDescription {
  projectName: string;
  version: string;
  idfVersion: string;
  /** As IDF writes them: "Jun  2 2024" and "10:11:12". */
  buildDate: string;
  buildTime: string;
  /** SHA-256 of the app's ELF, hex: two images with the same value are the same build. */
  elfSha256: string;
  secureVersion: number;
}

export const APP_DESC_MAGIC = 0xabcd5432;
export const APP_DESC_SIZE = 256;
/** Where the description starts in an app image: after the image header (ESP32 family: 8 + 16
 * bytes; ESP8266: 8) and the first segment's 8-byte header. */
export const appDescOffset = (esp8266: boolean) => (esp8266 ? 16 : 32);
/** Bytes to read from an app's start to find its description. */
export const APP_DESC_READ = appDescOffset(false) + APP_DESC_SIZE;

/** The description in `image` (an app image from its first byte), or undefined when it has none. */
export function parseAppDescription(
  image: Uint8Array,
  esp8266 = false,
): AppDescription | undefined {
  if (image[0] !== 0xe9) return undefined;
  const at = appDescOffset(esp8266);
  if (image.length < at + APP_DESC_SIZE) return undefined;
  const view = new DataView(image.buffer, image.byteOffset + at, APP_DESC_SIZE);
  if (view.getUint32(0, true) !== APP_DESC_MAGIC) return undefined;
  const bytes = image.subarray(at, at + APP_DESC_SIZE);
  const text = (from: number, max: number) => {
    const field = bytes.subarray(from, from + max);
    const end = field.indexOf(0);
    // Fields are NUL-terminated C strings; a build may fill one to the brim.
    return new TextDecoder().decode(field.subarray(0, end < 0 ? max : end)).trim();
  };
  return {
    projectName: text(48, 32),
    version: text(16, 32),
    idfVersion: text(112, 32),
    buildDate: text(96, 16),
    buildTime: text(80, 16),
    elfSha256: [...bytes.subarray(144, 176)].map((b) => b.toString(16).padStart(2, "0")).join(""),
    secureVersion: view.getUint32(4, true),
  };
}
