import { createHash } from "node:crypto";
import {
  CHIP_MODELS,
  type FaultSpec,
  type UsbBridge,
  type UsbKind,
} from "@esp-flash/virtual-device";
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
  // The link's own faults (issue 26), on the boards that have them rather than every family.
  "lying-bridge",
  "host-cannot-follow",
  "garble-mid-write",
  "otg-drop-on-stub",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Fault kinds that belong to a kind of link: their cells are listed in LINK_CELLS, not crossed with every family. */
const LINK_KINDS: ReadonlySet<FaultKind> = new Set([
  "lying-bridge",
  "host-cannot-follow",
  "garble-mid-write",
  "otg-drop-on-stub",
]);

/** How a cell's board is reached, beyond its faults. */
export interface LinkSetup {
  usbBridge?: UsbBridge;
  /** The bridge garbles above this rate whatever its model says (a bridge that lies). */
  bridgeMaxBaud?: number;
  /** The host's adapter cannot run above this rate, though the chip switches (CappedAdapterPort). */
  hostMaxBaud?: number;
  /** The session's cap: above 921600 it tries a faster rate. */
  baudRate?: number;
}

/** The link cells: each ends verified, or with a typed error and a retry that verifies. */
function linkCells(seed: number): Cell[] {
  const fast = { usbBridge: "cp2102n", baudRate: 3_000_000 } as const;
  return [
    // Sold as a CP2102N, garbles above 1 Mbaud: the 3 Mbaud attempt fails, 921600 holds.
    {
      family: "ESP32",
      kind: "lying-bridge",
      seed,
      usb: "uart-bridge",
      link: { ...fast, bridgeMaxBaud: 1_000_000 },
    },
    // The chip takes 3 Mbaud; the host's adapter cannot follow it.
    {
      family: "ESP32-S3",
      kind: "host-cannot-follow",
      seed,
      usb: "uart-bridge",
      link: { ...fast, hostMaxBaud: 921600 },
    },
    // A proven 3 Mbaud link that starts garbling in the middle of the session.
    { family: "ESP32", kind: "garble-mid-write", seed, usb: "uart-bridge", link: fast },
    // An S2 on its ROM's USB-OTG port that drops off USB as the stub starts.
    { family: "ESP32-S2", kind: "otg-drop-on-stub", seed, usb: "usb-otg" },
  ];
}

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
  link?: LinkSetup;
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
      if (LINK_KINDS.has(kind)) continue;
      for (const family of CHIP_FAMILIES) {
        cells.push({ family, kind, seed: 1, usb: "uart-bridge" });
        if (kind === "corrupt" || kind === "drop" || kind === "stall")
          cells.push({ family, kind, seed: 2, usb: "uart-bridge" });
      }
    }
    return only([...cells, ...linkCells(1), ...REGRESSIONS]);
  }
  for (let seed = 1; seed <= seeds; seed++) cells.push(...linkCells(seed));
  for (const kind of FAULT_KINDS) {
    if (LINK_KINDS.has(kind)) continue;
    for (let seed = 1; seed <= seeds; seed++) {
      const family = CHIP_FAMILIES[(seed - 1) % CHIP_FAMILIES.length]!;
      // Every third run on a chip that has one goes through USB-JTAG-serial (its own resets).
      const usb =
        seed % 3 === 0 && CHIP_MODELS[family].usbJtagSerial ? "usb-jtag-serial" : "uart-bridge";
      cells.push({ family, kind, seed, usb });
    }
  }
  return only(cells);
}

/** FAULT_ONLY=kind,kind: run only those kinds (for working on one row locally). */
function only(cells: Cell[]): Cell[] {
  const kinds = process.env.FAULT_ONLY?.split(",").map((k) => k.trim());
  return kinds?.length ? cells.filter((c) => kinds.includes(c.kind)) : cells;
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
    case "lying-bridge":
    case "host-cannot-follow":
      return [];
    case "garble-mid-write":
      // From past the middle of a normal session's bytes: the write is under way at 3 Mbaud.
      return [
        {
          kind: "corrupt",
          rate: typical ? 0.002 : between(0.0005, 0.01),
          afterBytes: Math.floor(target.sessionBytes * (typical ? 0.6 : between(0.3, 0.9))),
        },
      ];
    case "otg-drop-on-stub":
      return [{ kind: "usb-drop-on-stub", downMs: typical ? 200 : Math.round(between(50, 1500)) }];
  }
}
