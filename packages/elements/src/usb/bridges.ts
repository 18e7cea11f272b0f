// The USB-serial chips found on ESP boards, and how (or whether) this folder drives them.
import { cdcAcm, hasCdcAcm } from "./cdc-acm.js";
import { ch34x } from "./ch34x.js";
import { cp210x } from "./cp210x.js";
import { ftdi } from "./ftdi.js";
import type { Driver } from "./driver.js";
import type { UsbDeviceLike } from "./usb-types.js";

export interface BridgeRow {
  vendorId: number;
  /** Omitted: every product of the vendor not matched by an earlier row. */
  productIds?: number[];
  name: string;
  /** null: known, not supported over WebUSB. */
  driver: Driver | null;
}

export const USB_BRIDGES: BridgeRow[] = [
  { vendorId: 0x303a, productIds: [0x1001], name: "Espressif USB-JTAG-serial", driver: cdcAcm },
  { vendorId: 0x10c4, productIds: [0xea60], name: "Silicon Labs CP2102/CP2104", driver: cp210x },
  { vendorId: 0x1a86, productIds: [0x7523, 0x5523], name: "WCH CH340", driver: ch34x },
  { vendorId: 0x1a86, productIds: [0x55d4, 0x55d3], name: "WCH CH9102/CH343", driver: cdcAcm },
  { vendorId: 0x0403, productIds: [0x6001, 0x6015], name: "FTDI FT232R / FT-X", driver: ftdi },
  // Multi-port FTDI chips (FT2232H on ESP-Prog and ESP-WROVER-KIT …) need per-port requests and another clock.
  { vendorId: 0x0403, name: "FTDI", driver: null },
  { vendorId: 0x067b, name: "Prolific PL2303", driver: null },
];

export interface Bridge {
  name: string;
  driver: Driver | null;
}

/** The row for this device; a device outside the table that speaks CDC-ACM gets that driver. */
export function bridgeFor(device: UsbDeviceLike): Bridge {
  const row = USB_BRIDGES.find(
    (r) =>
      r.vendorId === device.vendorId && (!r.productIds || r.productIds.includes(device.productId)),
  );
  const name = row?.name ?? describe(device);
  if (row?.driver) return { name, driver: row.driver };
  if (row?.driver !== null && hasCdcAcm(device)) return { name, driver: cdcAcm };
  const known =
    row && `${row.name}${device.productName ? ` ${device.productName}` : ""} (${id(device)})`;
  return { name: known || name, driver: null };
}

function describe(device: UsbDeviceLike): string {
  const label = [device.manufacturerName, device.productName].filter(Boolean).join(" ");
  return label ? `${label} (${id(device)})` : `USB device ${id(device)}`;
}

const id = (device: UsbDeviceLike) => `${hex(device.vendorId)}:${hex(device.productId)}`;
const hex = (n: number) => n.toString(16).padStart(4, "0");
