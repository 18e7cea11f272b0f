import { UsbPortBusyError } from "./errors.js";
import type {
  UsbConfigurationLike,
  UsbDeviceLike,
  UsbInterfaceLike,
  UsbSetup,
} from "./usb-types.js";

/** Bulk endpoints carrying the serial data, and the interfaces claimed for them. */
export interface Pipes {
  in: number;
  out: number;
  packetSize: number;
  interfaces: number[];
}

/** How one family of USB-serial chips is set up, given its rate and its DTR/RTS lines. */
export interface Driver {
  /** Claim the interfaces and start the UART at `baud`, lines released. */
  open(device: UsbDeviceLike, baud: number): Promise<Pipes>;
  setBaud(device: UsbDeviceLike, baud: number): Promise<void>;
  setLines(device: UsbDeviceLike, dtr: boolean, rts: boolean): Promise<void>;
  /** The serial bytes in what a bulk IN transfer returned, for chips that frame them. */
  unpack?(data: Uint8Array, packetSize: number): Uint8Array;
}

export async function controlOut(
  device: UsbDeviceLike,
  setup: UsbSetup,
  data?: Uint8Array,
): Promise<void> {
  const result = await device.controlTransferOut(setup, data);
  if (result.status !== "ok")
    throw new Error(`USB request 0x${setup.request.toString(16)} failed: ${result.status}`);
}

export async function controlIn(
  device: UsbDeviceLike,
  setup: UsbSetup,
  length: number,
): Promise<Uint8Array> {
  const result = await device.controlTransferIn(setup, length);
  if (result.status !== "ok" || !result.data)
    throw new Error(`USB request 0x${setup.request.toString(16)} failed: ${result.status}`);
  return new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength);
}

/** An interface with a bulk IN and a bulk OUT endpoint. */
export interface BulkInterface {
  iface: UsbInterfaceLike;
  in: number;
  out: number;
  packetSize: number;
}

/** The interface of `cls` with a bulk IN and a bulk OUT endpoint, if any. */
export function bulkInterface(device: UsbDeviceLike, cls: number): BulkInterface | undefined {
  for (const iface of activeConfiguration(device)?.interfaces ?? []) {
    if (iface.alternate.interfaceClass !== cls) continue;
    const eps = iface.alternate.endpoints.filter((e) => e.type === "bulk");
    const i = eps.find((e) => e.direction === "in");
    const o = eps.find((e) => e.direction === "out");
    if (i && o)
      return { iface, in: i.endpointNumber, out: o.endpointNumber, packetSize: i.packetSize };
  }
  return undefined;
}

/** The pipes of a chip whose serial data is on one interface, once claimed. */
export function pipesOf(found: BulkInterface): Pipes {
  return {
    in: found.in,
    out: found.out,
    packetSize: found.packetSize,
    interfaces: [found.iface.interfaceNumber],
  };
}

/** Chrome reports the active configuration even before open(); else take the first. */
export function activeConfiguration(device: UsbDeviceLike): UsbConfigurationLike | undefined {
  return device.configuration ?? device.configurations?.[0];
}

/** Claims the interfaces; a claim refused with NetworkError means another tab or app holds them. */
export async function claim(device: UsbDeviceLike, numbers: number[]): Promise<void> {
  for (const n of numbers) {
    try {
      await device.claimInterface(n);
    } catch (error) {
      if (error instanceof Error && error.name === "NetworkError" && device.opened)
        throw new UsbPortBusyError({ cause: error });
      throw error;
    }
  }
}

export const le32 = (n: number) =>
  Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
