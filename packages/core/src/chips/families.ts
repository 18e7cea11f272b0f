/** Every chip family the project supports, named as ESP Web Tools manifests name them. */
export const CHIP_FAMILIES = [
  "ESP8266",
  "ESP32",
  "ESP32-S2",
  "ESP32-S3",
  "ESP32-C2",
  "ESP32-C3",
  "ESP32-C5",
  "ESP32-C6",
  "ESP32-C61",
  "ESP32-H2",
  "ESP32-P4",
] as const;

export type ChipFamily = (typeof CHIP_FAMILIES)[number];

export function isChipFamily(value: unknown): value is ChipFamily {
  return typeof value === "string" && (CHIP_FAMILIES as readonly string[]).includes(value);
}
