// What firmware a board's flash holds, read from the flash itself (no Improv needed): the
// ESP-IDF app description of the app the bootloader starts, whether there is a bootloader, and
// for ESP8266 what its image layout shows. The same reader describes firmware about to be written.
import type { ChipFamily } from "../chips/families.js";
import { chipInfo } from "../chips/index.js";
import { APP_DESC_READ, parseAppDescription, type AppDescription } from "./app-description.js";
import {
  bootApp,
  otaDataPartition,
  parsePartitionTable,
  PARTITION_TABLE_OFFSET,
  PARTITION_TABLE_SIZE,
} from "./partition-table.js";

/** Reads `length` bytes of flash at `offset`. */
export type FlashReader = (offset: number, length: number) => Promise<Uint8Array>;

export type FirmwareIdentity =
  /** Nothing where a bootloader or firmware would start: an erased (or new) flash. */
  | { kind: "empty" }
  /** ESP32 family: bootloader found or not; the app the bootloader starts, and what it says. */
  | {
      kind: "esp-idf";
      bootloader: boolean;
      app?: { offset: number; label?: string; description?: AppDescription };
    }
  /** ESP8266: an image at 0x0; `micropython` when it has MicroPython's layout (irom0 at 0x9000). */
  | { kind: "esp8266"; format: "v1" | "v2"; layout: "micropython" | "single-image" }
  /** Something else (encrypted flash reads as noise, for one). */
  | { kind: "unknown" };

const MICROPYTHON_IROM_AT = 0x9000;
const APP_OFFSET = 0x10000;
const OTA_SELECT_SECTOR = 0x1000;

const blank = (bytes: Uint8Array) => bytes.every((b) => b === 0xff);

/** Reads what firmware the flash holds. Reads about 3.5 KB; never writes. */
export async function readFirmwareIdentity(
  read: FlashReader,
  family: ChipFamily,
): Promise<FirmwareIdentity> {
  if (family === "ESP8266") return esp8266Identity(read);
  const head = await read(chipInfo(family).bootloaderOffset, 8);
  const bootloader = head[0] === 0xe9;
  const table = parsePartitionTable(await read(PARTITION_TABLE_OFFSET, PARTITION_TABLE_SIZE));
  let app: { offset: number; label?: string } | undefined = { offset: APP_OFFSET };
  if (table) {
    const otaData = otaDataPartition(table);
    const sequences: number[] = [];
    if (otaData) {
      for (const at of [0, OTA_SELECT_SECTOR]) {
        const entry = await read(otaData.offset + at, 4);
        sequences.push(new DataView(entry.buffer, entry.byteOffset, 4).getUint32(0, true));
      }
    }
    const chosen = bootApp(table, sequences);
    app = chosen ? { offset: chosen.offset, label: chosen.label } : undefined;
  }
  const appBytes = app ? await read(app.offset, APP_DESC_READ) : undefined;
  // No bootloader, no table, no app image: erased, or something this reader cannot name.
  if (!bootloader && !table && appBytes?.[0] !== 0xe9)
    return blank(head) && (!appBytes || blank(appBytes.subarray(0, 8)))
      ? { kind: "empty" }
      : { kind: "unknown" };
  if (!app || !appBytes || appBytes[0] !== 0xe9) return { kind: "esp-idf", bootloader };
  const description = parseAppDescription(appBytes);
  return { kind: "esp-idf", bootloader, app: { ...app, ...(description ? { description } : {}) } };
}

async function esp8266Identity(read: FlashReader): Promise<FirmwareIdentity> {
  const head = await read(0, 8);
  if (blank(head)) return { kind: "empty" };
  if (head[0] !== 0xe9 && head[0] !== 0xea) return { kind: "unknown" };
  // MicroPython's combined image: the u32 before 0x9000 is where its irom0 text ends.
  const end = await read(MICROPYTHON_IROM_AT - 4, 8);
  const irom = new DataView(end.buffer, end.byteOffset, 8).getUint32(0, true);
  const micropython =
    head[0] === 0xe9 &&
    irom > MICROPYTHON_IROM_AT + 4 &&
    irom < 0x1000000 &&
    !blank(end.subarray(4));
  return {
    kind: "esp8266",
    format: head[0] === 0xe9 ? "v1" : "v2",
    layout: micropython ? "micropython" : "single-image",
  };
}

/** The identity of firmware about to be written: `parts` as they would lie on an erased flash. */
export function identityOfParts(
  parts: readonly { offset: number; data: Uint8Array }[],
  family: ChipFamily,
): Promise<FirmwareIdentity> {
  return readFirmwareIdentity(async (offset, length) => {
    const out = new Uint8Array(length).fill(0xff);
    for (const p of parts) {
      const from = Math.max(offset, p.offset);
      const to = Math.min(offset + length, p.offset + p.data.length);
      if (from < to) out.set(p.data.subarray(from - p.offset, to - p.offset), from - offset);
    }
    return out;
  }, family);
}

/**
 * How firmware about to be written relates to what the board holds:
 * `same-build` (the same ELF), `same-project` (another version or build of the same project: an
 * update), `other-project`, or `unknown` (either side does not say; an ESP8266 never does).
 */
export type FirmwareRelation = "same-build" | "same-project" | "other-project" | "unknown";

export function compareFirmware(
  onBoard: FirmwareIdentity,
  incoming: FirmwareIdentity,
): FirmwareRelation {
  const a = onBoard.kind === "esp-idf" ? onBoard.app?.description : undefined;
  const b = incoming.kind === "esp-idf" ? incoming.app?.description : undefined;
  if (!a || !b || !a.projectName || !b.projectName) return "unknown";
  if (a.elfSha256 === b.elfSha256 && a.elfSha256 !== "0".repeat(64)) return "same-build";
  return a.projectName.toLowerCase() === b.projectName.toLowerCase()
    ? "same-project"
    : "other-project";
}

/**
 * MicroPython or CircuitPython, when a flash identity names one of them (an ESP-IDF app
 * description's project, or MicroPython's ESP8266 layout). Neither speaks Improv Serial, and
 * Improv's request bytes (Ctrl-A, Ctrl-C, Ctrl-B) would interrupt the program they run.
 */
export function pythonFirmware(
  identity: FirmwareIdentity | undefined,
): "MicroPython" | "CircuitPython" | undefined {
  if (identity?.kind === "esp8266")
    return identity.layout === "micropython" ? "MicroPython" : undefined;
  const project = identity?.kind === "esp-idf" ? identity.app?.description?.projectName : undefined;
  if (!project) return undefined;
  if (/^micropython/i.test(project)) return "MicroPython";
  if (/^circuitpython/i.test(project)) return "CircuitPython";
  return undefined;
}
