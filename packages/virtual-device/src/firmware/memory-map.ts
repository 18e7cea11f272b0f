import type { ChipFamily } from "../chips.js";

/** Where each kind of segment loads, per family, so sample images look like real builds. */
export interface MemoryMap {
  isa: "xtensa" | "riscv";
  /** Flash-mapped read-only data and code (64 KB MMU pages). */
  drom: number;
  irom: number;
  /** RAM-loaded data and code. */
  dram: number;
  iram: number;
  /** RAM the second-stage bootloader loads into. */
  bootDram: number;
  bootIram: number;
  /** max_rev_full written into extended headers (v3.99 / v1.99). */
  maxRevFull: number;
}

const C3_LIKE = { drom: 0x3c000000, irom: 0x42000000, isa: "riscv", maxRevFull: 199 } as const;
const FLAT_RISCV = { isa: "riscv", drom: 0x42800000, irom: 0x42000000, maxRevFull: 199 } as const;

export const MEMORY_MAPS: Readonly<Record<ChipFamily, MemoryMap>> = {
  ESP8266: {
    isa: "xtensa",
    drom: 0x40200000,
    irom: 0x40201010,
    dram: 0x3ffe8000,
    iram: 0x40100000,
    bootDram: 0x3ffe8000,
    bootIram: 0x40100000,
    maxRevFull: 0,
  },
  ESP32: {
    isa: "xtensa",
    drom: 0x3f400000,
    irom: 0x400d0000,
    dram: 0x3ffb0000,
    iram: 0x40080000,
    bootDram: 0x3fff0000,
    bootIram: 0x40078000,
    maxRevFull: 399,
  },
  "ESP32-S2": {
    isa: "xtensa",
    drom: 0x3f000000,
    irom: 0x40080000,
    dram: 0x3ffbe000,
    iram: 0x40022000,
    bootDram: 0x3ffe6000,
    bootIram: 0x4004c000,
    maxRevFull: 199,
  },
  "ESP32-S3": {
    isa: "xtensa",
    drom: 0x3c000000,
    irom: 0x42000000,
    dram: 0x3fc88000,
    iram: 0x40374000,
    bootDram: 0x3fce3000,
    bootIram: 0x403c9000,
    maxRevFull: 199,
  },
  "ESP32-C2": {
    ...C3_LIKE,
    dram: 0x3fca0000,
    iram: 0x4037c000,
    bootDram: 0x3fcd5000,
    bootIram: 0x403ae000,
  },
  "ESP32-C3": {
    ...C3_LIKE,
    dram: 0x3fc8b000,
    iram: 0x40380000,
    bootDram: 0x3fcd5000,
    bootIram: 0x403ce000,
  },
  "ESP32-C5": {
    ...FLAT_RISCV,
    dram: 0x40800000,
    iram: 0x40800000,
    bootDram: 0x4085e000,
    bootIram: 0x40869000,
  },
  "ESP32-C6": {
    ...FLAT_RISCV,
    dram: 0x40800000,
    iram: 0x40800000,
    bootDram: 0x4086c000,
    bootIram: 0x40877000,
  },
  "ESP32-C61": {
    ...FLAT_RISCV,
    dram: 0x40800000,
    iram: 0x40800000,
    bootDram: 0x4083e000,
    bootIram: 0x40849000,
  },
  "ESP32-H2": {
    ...FLAT_RISCV,
    dram: 0x40800000,
    iram: 0x40800000,
    bootDram: 0x4083c000,
    bootIram: 0x40847000,
  },
  "ESP32-P4": {
    isa: "riscv",
    drom: 0x40000000,
    irom: 0x40000000,
    dram: 0x4ff00000,
    iram: 0x4ff00000,
    bootDram: 0x4ff29000,
    bootIram: 0x4ff2f000,
    maxRevFull: 399,
  },
};
