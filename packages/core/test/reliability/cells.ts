import { createHash } from "node:crypto";
import { CHIP_MODELS, type FaultSpec, type UsbKind } from "@esp-flash/virtual-device";
import { CHIP_FAMILIES, type ChipFamily } from "../../src/index.js";

/** Every fault kind the virtual device can inject, plus a fault-free control row. */
export const FAULT_KINDS = [
  "none",
  "corrupt",
  "drop",
  "disconnect",
  "reset",
  "stall",
  "refuse-baud",
  "flash-write-error",
  "stub-fail",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Where the part under test lives on the device; fault positions are drawn inside it. */
export interface Target {
  offset: number;
  size: number;
  /** Wire bytes (both ways) of a fault-free session on this family: byte triggers fall inside it. */
  sessionBytes: number;
}

export interface Cell {
  family: ChipFamily;
  kind: FaultKind;
  seed: number;
  usb: UsbKind;
  /** Exact faults (regressions); otherwise drawn from the seed. */
  faults?: FaultSpec[];
}

/** Cells the long run once failed, kept in `pnpm test` so the fix stays fixed. */
const REGRESSIONS: Cell[] = [
  // A garbled chip ID failed esptool-js's connect and left the port open: the retry found it busy.
  {
    family: "ESP32-C2",
    kind: "drop",
    seed: 104,
    usb: "uart-bridge",
    faults: [{ kind: "drop", rate: 0.0019135912521393039 }],
  },
  // A garbled security-info reply read as secure download mode: ROM writes with esptool-js's 16 KB
  // erase rounding wiped the sector after the part.
  {
    family: "ESP32-C2",
    kind: "corrupt",
    seed: 104,
    usb: "uart-bridge",
    faults: [{ kind: "corrupt", rate: 0.001466240707610268 }],
  },
  // A garbled flash ID (another size, or "unknown") patched the header wrongly, then verified it.
  {
    family: "ESP32-S3",
    kind: "corrupt",
    seed: 125,
    usb: "uart-bridge",
    faults: [{ kind: "corrupt", rate: 0.001995535349065904 }],
  },
  {
    family: "ESP32",
    kind: "corrupt",
    seed: 134,
    usb: "uart-bridge",
    faults: [{ kind: "corrupt", rate: 0.00007506232407176867 }],
  },
];

/**
 * `pnpm test`: every family × every kind with seed 1 (and corrupt, drop and stall with a random seed 2 too).
 * FAULT_SEEDS=N: N random runs per fault kind, families taken in turn, so N=200 flashes each
 * family ~18 times per kind with fresh positions and rates, a third of them over USB-JTAG-serial.
 */
export function cellsFor(seeds: number | undefined): Cell[] {
  const cells: Cell[] = [];
  if (seeds === undefined) {
    for (const kind of FAULT_KINDS) {
      for (const family of CHIP_FAMILIES) {
        cells.push({ family, kind, seed: 1, usb: "uart-bridge" });
        if (kind === "corrupt" || kind === "drop" || kind === "stall")
          cells.push({ family, kind, seed: 2, usb: "uart-bridge" });
      }
    }
    return [...cells, ...REGRESSIONS];
  }
  for (const kind of FAULT_KINDS) {
    for (let seed = 1; seed <= seeds; seed++) {
      const family = CHIP_FAMILIES[(seed - 1) % CHIP_FAMILIES.length]!;
      // Every third run on a chip that has one goes through USB-JTAG-serial (its own resets).
      const usb =
        seed % 3 === 0 && CHIP_MODELS[family].usbJtagSerial ? "usb-jtag-serial" : "uart-bridge";
      cells.push({ family, kind, seed, usb });
    }
  }
  return cells;
}

/** Seeded bytes (SHA-256 in counter mode): the same seed, the same faults and old flash contents. */
export function seededBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 0; block * 32 < length; block++) {
    const digest = createHash("sha256").update(`${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(32, length - block * 32)), block * 32);
  }
  return out;
}

/** Seeded numbers in [0, 1). */
export function rng(seed: number): () => number {
  const words = new DataView(seededBytes(seed, 256).buffer);
  let i = 0;
  return () => words.getUint32((i++ % 64) * 4, true) / 2 ** 32;
}

export function cellSeed(cell: Cell): number {
  let h = 0x811c9dc5 ^ cell.seed;
  for (const ch of `${cell.family}/${cell.kind}`)
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * The faults for one cell. Seed 1 of the fixed set uses a fixed, typical setting (middle of
 * the write, a moderate rate); other seeds draw positions, rates and lengths at random.
 */
export function faultsFor(cell: Cell, target: Target): FaultSpec[] {
  if (cell.faults) return cell.faults;
  const random = rng(cellSeed(cell));
  const typical = cell.seed === 1;
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const inPart = () =>
    target.offset + ((typical ? target.size / 2 : Math.floor(random() * target.size)) & ~3);
  const somewhere = () => Math.floor(between(0.05, 0.95) * target.sessionBytes);
  switch (cell.kind) {
    case "none":
      return [];
    case "corrupt":
    case "drop":
      return [{ kind: cell.kind, rate: typical ? 0.0005 : between(0.00005, 0.002) }];
    case "disconnect":
    case "reset":
      // Mostly mid-write (the case); random runs also hit connect, stub upload and verify.
      return [
        typical || random() < 0.6
          ? { kind: cell.kind, atAddress: inPart() }
          : { kind: cell.kind, afterBytes: somewhere() },
      ];
    case "stall":
      // Short stalls sit inside esptool-js's 3 s reply timeout; long ones outlast it.
      return [
        {
          kind: "stall",
          afterBytes: typical ? Math.floor(target.sessionBytes / 2) : somewhere(),
          forMs: typical ? 1500 : Math.round(between(100, 4500)),
        },
      ];
    case "refuse-baud":
      return [{ kind: "refuse-baud" }];
    case "flash-write-error":
      return [{ kind: "flash-write-error", atAddress: inPart() }];
    case "stub-fail":
      return [{ kind: "stub-fail" }];
  }
}
