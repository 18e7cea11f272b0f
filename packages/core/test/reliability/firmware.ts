import {
  makeSampleFirmware,
  VirtualEsp,
  VirtualSerialPort,
  type FaultSpec,
  type UsbKind,
} from "@esp-flash/virtual-device";
import {
  patchImage,
  type ChipFamily,
  type Manifest,
  type SerialPortLike,
} from "../../src/index.js";
import { CappedAdapterPort } from "../helpers/capped-adapter-port.js";
import { manifest, serve } from "../helpers/session.js";
import { seededBytes, type LinkSetup } from "./cells.js";

export const FLASH_SIZE = "4MB";
/** Old contents below this address are random, so a stray erase or write there shows. */
export const OLD_CONTENTS = 0x20000;
const SECTOR = 0x1000;

/** One small app image per family, and the bytes the session is meant to leave at its offset. */
export interface Firmware {
  family: ChipFamily;
  offset: number;
  manifest: Manifest;
  fetch: typeof fetch;
  /** Padded and patched for a 4MB chip, computed here with the public patchImage (not by the session). */
  expected: Uint8Array;
}

export function firmwareFor(family: ChipFamily): Firmware {
  const part = makeSampleFirmware("app", { chip: family, size: 8 * 1024 }).parts[0]!;
  const padded = new Uint8Array(Math.ceil(part.data.length / 4) * 4).fill(0xff);
  padded.set(part.data);
  const patched = patchImage(padded, {
    chip: family,
    address: part.offset,
    flashMode: "keep",
    flashFreq: "keep",
    flashSize: FLASH_SIZE,
  });
  return {
    family,
    offset: part.offset,
    manifest: manifest({ chipFamily: family, parts: [{ path: "app.bin", offset: part.offset }] }),
    fetch: serve({ "app.bin": part.data }).fetch,
    expected: patched.bytes.slice(),
  };
}

export interface Board {
  device: VirtualEsp;
  port: VirtualSerialPort;
  /** What the session opens: the port, or an adapter in front of it. */
  hostPort?: SerialPortLike;
  old: Uint8Array;
}

/** A 4MB board holding seeded "old firmware" bytes, with the given faults armed. */
export function boardFor(
  family: ChipFamily,
  seed: number,
  faults: FaultSpec[],
  usb: UsbKind = "uart-bridge",
  link: LinkSetup = {},
): Board {
  const old = seededBytes(seed ^ 0x5eed, OLD_CONTENTS);
  const device = new VirtualEsp({
    chip: family,
    flashSize: FLASH_SIZE,
    flashContents: old,
    faults,
    seed,
    usb,
    ...(link.usbBridge ? { usbBridge: link.usbBridge } : {}),
    ...(link.bridgeMaxBaud ? { bridgeMaxBaud: link.bridgeMaxBaud } : {}),
  });
  const port = new VirtualSerialPort(device);
  const hostPort = link.hostMaxBaud ? new CappedAdapterPort(port, link.hostMaxBaud) : port;
  return { device, port, hostPort, old };
}

/**
 * Problems with the flash, or [] when it holds what was meant: the part exactly (when
 * `complete`), and the old contents everywhere outside the sectors the part covers.
 */
export function flashProblems(board: Board, fw: Firmware, complete: boolean): string[] {
  const problems: string[] = [];
  const { device, old } = board;
  const end = fw.offset + fw.expected.length;
  if (complete) {
    const at = firstDifference(device.flash.read(fw.offset, fw.expected.length), fw.expected);
    if (at >= 0)
      problems.push(`flash differs from the image at 0x${(fw.offset + at).toString(16)}`);
  }
  const lo = Math.floor(fw.offset / SECTOR) * SECTOR;
  const hi = Math.ceil(end / SECTOR) * SECTOR;
  const whole = device.flash.read(0, device.flash.size);
  const outside = (from: number, to: number, want: (i: number) => number) => {
    for (let i = from; i < to; i++) {
      if (whole[i] !== want(i))
        return problems.push(`stray change outside the part at 0x${i.toString(16)}`);
    }
    return 0;
  };
  const before = outside(0, lo, (i) => old[i]!);
  if (!before) outside(hi, whole.length, (i) => (i < old.length ? old[i]! : 0xff));
  return problems;
}

export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
