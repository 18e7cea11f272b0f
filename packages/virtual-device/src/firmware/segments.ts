import { CHIP_MODELS, type ChipFamily } from "../chips.js";
import { fillFirmwareLike } from "./content.js";
import { buildImage, type Segment } from "./image.js";
import { MEMORY_MAPS } from "./memory-map.js";
import type { Rng } from "./random.js";

/** Header fields shared by every image of one sample. */
export interface HeaderFields {
  chip: ChipFamily;
  flashMode: number;
  sizeFreq: number;
}

const SEGMENT_HEADER = 8;
/** Worst case bytes an image adds around its segments: header, padding, checksum, SHA. */
const overhead = (chip: ChipFamily, segments: number) =>
  (chip === "ESP8266" ? 8 : 24) + SEGMENT_HEADER * segments + 16 + (chip === "ESP8266" ? 0 : 32);

const align4 = (n: number) => Math.max(4, Math.floor(n / 4) * 4);

export function filled(
  rng: Rng,
  chip: ChipFamily,
  length: number,
  pointerBase: number,
): Uint8Array {
  const data = new Uint8Array(align4(length));
  fillFirmwareLike(data, rng, { isa: MEMORY_MAPS[chip].isa, pointerBase });
  return data;
}

function image(h: HeaderFields, entry: number, segments: Segment[]): Uint8Array {
  const map = MEMORY_MAPS[h.chip];
  return buildImage({
    flashMode: h.flashMode,
    sizeFreq: h.sizeFreq,
    entry,
    segments,
    ...(h.chip === "ESP8266"
      ? {}
      : { extended: { chipId: chipIdOf(h.chip), maxRevFull: map.maxRevFull, hashAppended: true } }),
  });
}

const chipIdOf = (chip: ChipFamily) => CHIP_MODELS[chip].imageChipId ?? 0;

/** A second-stage bootloader: RAM-loaded segments only, about `size` bytes. */
export function bootloaderImage(h: HeaderFields, rng: Rng, size: number): Uint8Array {
  const map = MEMORY_MAPS[h.chip];
  const body = size - overhead(h.chip, 3);
  const dram = filled(rng, h.chip, body * 0.12, map.bootDram);
  const loader = filled(rng, h.chip, body * 0.55, map.bootIram);
  const iram = filled(rng, h.chip, body - dram.length - loader.length, map.bootIram);
  return image(h, map.bootIram + 0x3f0, [
    { address: map.bootDram + 0x30, data: dram },
    { address: map.bootIram, data: loader },
    { address: map.bootIram + 0x8000, data: iram },
  ]);
}

/**
 * An application image as it sits in flash at `flashOffset`: flash-mapped segments get
 * load addresses congruent to their flash position modulo the 64 KB MMU page, as the
 * IDF requires; RAM segments go in between.
 */
/** What ESP-IDF's esp_app_desc_t at the start of an app's DROM segment says about the build. */
export interface AppDescriptionFields {
  projectName: string;
  version: string;
  idfVersion?: string;
  /** Build date and time as IDF writes them ("Jun  2 2024", "10:11:12"). */
  date?: string;
  time?: string;
}

/** esp_app_desc_t (256 bytes): magic 0xABCD5432, secure_version, 2 reserved words, version[32],
 * project_name[32], time[16], date[16], idf_ver[32], app_elf_sha256[32], then reserved. */
export function appDescription(d: AppDescriptionFields, elfSha256: Uint8Array): Uint8Array {
  const out = new Uint8Array(256);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xabcd5432, true);
  const text = (at: number, max: number, value: string) =>
    out.set(new TextEncoder().encode(value).subarray(0, max - 1), at);
  text(16, 32, d.version);
  text(48, 32, d.projectName);
  text(80, 16, d.time ?? "10:11:12");
  text(96, 16, d.date ?? "Jun  2 2024");
  text(112, 32, d.idfVersion ?? "v5.2.2");
  out.set(elfSha256.subarray(0, 32), 144);
  return out;
}

export function appImage(
  h: HeaderFields,
  rng: Rng,
  size: number,
  flashOffset: number,
  desc?: Uint8Array,
): Uint8Array {
  const map = MEMORY_MAPS[h.chip];
  const body = size - overhead(h.chip, 4);
  const headerLength = h.chip === "ESP8266" ? 8 : 24;
  const drom = filled(rng, h.chip, body * 0.22, map.drom);
  // ESP-IDF links .flash.appdesc first in DROM: the description sits 0x20 (ESP8266: 0x10) into the image.
  if (desc) drom.set(desc.subarray(0, Math.min(desc.length, drom.length)));
  const dram = filled(rng, h.chip, body * 0.03, map.dram);
  const iram = filled(rng, h.chip, Math.min(body * 0.08, 0x18000), map.iram);
  const irom = filled(rng, h.chip, body - drom.length - dram.length - iram.length, map.irom);
  const page = (fileOffset: number) => (flashOffset + fileOffset) % 0x10000;
  const dromAt = headerLength + SEGMENT_HEADER;
  const iromAt = dromAt + drom.length + 3 * SEGMENT_HEADER + dram.length + iram.length;
  // Keep IROM pages clear of DROM pages where both share one address range (P4).
  const iromPages =
    map.irom === map.drom ? Math.ceil((drom.length + 0x10000) / 0x10000) * 0x10000 : 0x10000;
  const dromAddress = map.drom + page(dromAt);
  const iromAddress = map.irom + iromPages + page(iromAt);
  return image(h, iromAddress + 0x100, [
    { address: dromAddress, data: drom },
    { address: map.dram, data: dram },
    { address: map.iram, data: iram },
    { address: iromAddress, data: irom },
  ]);
}

/** The first (RAM) image of MicroPython's ESP8266 build: .text, .data, .rodata. */
export function esp8266RamImage(h: HeaderFields, rng: Rng, size: number): Uint8Array {
  const map = MEMORY_MAPS.ESP8266;
  const body = size - overhead("ESP8266", 3);
  const text = filled(rng, h.chip, body * 0.8, map.irom);
  const data = filled(rng, h.chip, body * 0.03, map.dram);
  const rodata = filled(rng, h.chip, body - text.length - data.length, map.dram);
  return image(h, map.iram + 0x4f0, [
    { address: map.iram, data: text },
    { address: map.dram, data },
    { address: map.dram + Math.ceil(data.length / 16) * 16, data: rodata },
  ]);
}
