import { md5 } from "@noble/hashes/legacy.js";
import { CHIP_MODELS, parseSizeName, type ChipFamily } from "../chips.js";
import { sizeCode } from "./image.js";
import { buildPartitionTable, factoryAppTable, PARTITION_TABLE_OFFSET } from "./partition-table.js";
import { Rng } from "./random.js";
import {
  appDescription,
  appImage,
  bootloaderImage,
  esp8266RamImage,
  filled,
  type AppDescriptionFields,
  type HeaderFields,
} from "./segments.js";

export type { AppDescriptionFields } from "./segments.js";

export type SampleFirmwareKind = "micropython-esp8266" | "esp32-merged" | "esp32-parts" | "app";

export interface SampleFirmwareOptions {
  /** Family; default ESP8266 for micropython-esp8266, ESP32 otherwise. */
  chip?: ChipFamily;
  /** Same seed, same bytes. Default 1. */
  seed?: number;
  /** Approximate total size in bytes (merged size for the ESP32 layouts). */
  size?: number;
  /** Flash size written into the header(s); default "1MB" on ESP8266 (as MicroPython ships), "2MB" (IDF's default) elsewhere. */
  flashSize?: string;
  /** ESP-IDF app description (project name, version) to put in the app image, as IDF builds do. */
  app?: AppDescriptionFields;
}

export interface SampleFirmwarePart {
  offset: number;
  data: Uint8Array;
  name: string;
}

export interface SampleFirmware {
  chip: ChipFamily;
  parts: SampleFirmwarePart[];
  /** The parts combined from offset 0 with 0xFF gaps, as `esptool merge_bin` writes them. */
  merged?: Uint8Array;
  headerFlashSize: string;
}

export class SampleFirmwareError extends Error {
  override readonly name = "SampleFirmwareError";
  constructor(
    readonly code: "firmware-chip" | "firmware-flash-size" | "firmware-size",
    message: string,
    readonly advice: string,
  ) {
    super(`${message} ${advice}`);
  }
}

const KB = 1024;
const DEFAULT_SIZES: Record<SampleFirmwareKind, number> = {
  "micropython-esp8266": 600 * KB,
  "esp32-merged": 1024 * KB,
  "esp32-parts": 1024 * KB,
  app: 256 * KB,
};
const MICROPYTHON_IROM_AT = 0x9000;
const APP_OFFSET = 0x10000;
const QIO = 0;
const DIO = 2;

/** Realistic, checksummed firmware in the layouts real projects ship (see README). */
export function makeSampleFirmware(
  kind: SampleFirmwareKind,
  options: SampleFirmwareOptions = {},
): SampleFirmware {
  const chip = options.chip ?? (kind === "micropython-esp8266" ? "ESP8266" : "ESP32");
  if (kind === "micropython-esp8266" && chip !== "ESP8266") {
    throw new SampleFirmwareError(
      "firmware-chip",
      `The micropython-esp8266 layout is for ESP8266, not ${chip}.`,
      `Use "app" or "esp32-merged" for ${chip}.`,
    );
  }
  if ((kind === "esp32-merged" || kind === "esp32-parts") && chip === "ESP8266") {
    throw new SampleFirmwareError(
      "firmware-chip",
      `The ${kind} layout needs an ESP32-family chip.`,
      `Use "micropython-esp8266" or "app" for ESP8266.`,
    );
  }
  const headerFlashSize = options.flashSize ?? (chip === "ESP8266" ? "1MB" : "2MB");
  const code = sizeCode(CHIP_MODELS[chip].sizeCodes, headerFlashSize);
  if (code === undefined) {
    throw new SampleFirmwareError(
      "firmware-flash-size",
      `${chip} headers cannot say flash size "${headerFlashSize}".`,
      `Use one of ${Object.values(CHIP_MODELS[chip].sizeCodes).join(", ")}.`,
    );
  }
  const size = options.size ?? DEFAULT_SIZES[kind];
  const rng = new Rng(options.seed ?? 1);
  // 40 MHz (freq code 0) everywhere; qio as MicroPython's ESP8266 build, dio as the IDF.
  const header: HeaderFields = { chip, flashMode: chip === "ESP8266" ? QIO : DIO, sizeFreq: code };
  // The ELF's SHA-256 differs per build: here per seed and description.
  const desc = options.app
    ? appDescription(
        options.app,
        new Uint8Array([
          ...md5(new TextEncoder().encode(`${options.seed ?? 1}:${JSON.stringify(options.app)}`)),
          ...md5(new TextEncoder().encode(`${options.app.version}:${options.seed ?? 1}`)),
        ]),
      )
    : undefined;
  if (kind === "micropython-esp8266") return micropython(header, rng, size, headerFlashSize);
  if (kind === "app") {
    requireSize(size, 4 * KB, kind);
    const offset = CHIP_MODELS[chip].bootloaderOffset;
    return {
      chip,
      headerFlashSize,
      parts: [{ name: "app", offset, data: appImage(header, rng, size, offset, desc) }],
    };
  }
  const parts = esp32Parts(header, rng, size, headerFlashSize, desc);
  return kind === "esp32-merged"
    ? { chip, headerFlashSize, parts, merged: merge(parts) }
    : { chip, headerFlashSize, parts };
}

function requireSize(size: number, min: number, kind: SampleFirmwareKind): void {
  if (!Number.isInteger(size) || size < min) {
    throw new SampleFirmwareError(
      "firmware-size",
      `A ${kind} sample needs at least ${min} bytes, not ${size}.`,
      `Pass size >= ${min}.`,
    );
  }
}

/** v1 RAM image, 0xFF to 0x9000−4, u32 end offset, irom0 text, MD5 of bytes 4.. */
function micropython(
  header: HeaderFields,
  rng: Rng,
  size: number,
  headerFlashSize: string,
): SampleFirmware {
  requireSize(size, MICROPYTHON_IROM_AT + 4 * KB, "micropython-esp8266");
  const ram = esp8266RamImage(header, rng, 30 * KB);
  const irom = filled(rng, "ESP8266", size - MICROPYTHON_IROM_AT - 16, 0x40209000);
  const out = new Uint8Array(MICROPYTHON_IROM_AT + irom.length + 16).fill(0xff);
  out.set(ram);
  new DataView(out.buffer).setUint32(
    MICROPYTHON_IROM_AT - 4,
    MICROPYTHON_IROM_AT + irom.length,
    true,
  );
  out.set(irom, MICROPYTHON_IROM_AT);
  out.set(
    md5(out.subarray(4, MICROPYTHON_IROM_AT + irom.length)),
    MICROPYTHON_IROM_AT + irom.length,
  );
  return {
    chip: "ESP8266",
    headerFlashSize,
    parts: [{ name: "firmware", offset: 0, data: out }],
    merged: out,
  };
}

function esp32Parts(
  header: HeaderFields,
  rng: Rng,
  size: number,
  headerFlashSize: string,
  desc?: Uint8Array,
): SampleFirmwarePart[] {
  requireSize(size, APP_OFFSET + 16 * KB, "esp32-merged");
  const bootOffset = CHIP_MODELS[header.chip].bootloaderOffset;
  // Real bootloaders are ~26 KB; C5/P4 ones must fit between 0x2000 and the table.
  const bootloader = bootloaderImage(
    header,
    rng,
    Math.min(26 * KB, PARTITION_TABLE_OFFSET - bootOffset - 4 * KB),
  );
  const app = appImage(header, rng, size - APP_OFFSET, APP_OFFSET, desc);
  const partitions = factoryAppTable(app.length);
  const flashBytes = parseSizeName(headerFlashSize) ?? 0;
  const end = partitions.reduce((n, p) => Math.max(n, p.offset + p.size), 0);
  if (end > flashBytes) {
    throw new SampleFirmwareError(
      "firmware-size",
      `A ${size}-byte sample needs partitions up to 0x${end.toString(16)}, past the ${headerFlashSize} header size.`,
      "Pass a larger flashSize or a smaller size.",
    );
  }
  return [
    { name: "bootloader", offset: bootOffset, data: bootloader },
    {
      name: "partition-table",
      offset: PARTITION_TABLE_OFFSET,
      data: buildPartitionTable(partitions),
    },
    { name: "app", offset: APP_OFFSET, data: app },
  ];
}

function merge(parts: readonly SampleFirmwarePart[]): Uint8Array {
  const end = parts.reduce((n, p) => Math.max(n, p.offset + p.data.length), 0);
  const out = new Uint8Array(end).fill(0xff);
  for (const part of parts) out.set(part.data, part.offset);
  return out;
}
