import { VirtualDeviceError } from "../device/errors.js";
import type { VirtualEsp } from "../device/virtual-esp.js";
import type { UsbBridgeKind } from "./bridges.js";
import type { UsbDeviceFilterLike } from "./types.js";
import { VirtualUsbDevice } from "./virtual-usb-device.js";
import { hookNavigator } from "../port/navigator-hook.js";

/** A board on the virtual bus: a VirtualEsp behind one USB-serial chip. */
export interface VirtualUsbBoard {
  device: VirtualEsp;
  bridge: UsbBridgeKind;
}

export interface UsbDeviceRequestOptionsLike {
  filters: UsbDeviceFilterLike[];
  exclusionFilters?: UsbDeviceFilterLike[];
}

export interface InstallVirtualUsbOptions {
  /** Offer the browser's real devices too (default true). */
  keepReal?: boolean;
  /**
   * Picks for requestDevice() among the virtual devices matching the filters; "real" for the
   * browser's own chooser, null for "user cancelled". Default: the first match.
   */
  choose?: (
    devices: VirtualUsbDevice[],
    options: UsbDeviceRequestOptionsLike,
  ) =>
    | VirtualUsbDevice
    | "real"
    | null
    | undefined
    | Promise<VirtualUsbDevice | "real" | null | undefined>;
  /** Where to install; default `globalThis.navigator`. */
  navigator?: { usb?: unknown };
}

export interface VirtualUsbInstallation {
  uninstall(): void;
  /** The connected devices now (a replugged board is a new device, as in Chrome). */
  readonly devices: VirtualUsbDevice[];
}

interface UsbLike extends EventTarget {
  requestDevice(options: UsbDeviceRequestOptionsLike): Promise<unknown>;
  getDevices(): Promise<unknown[]>;
}

/**
 * Make `navigator.usb.requestDevice()` / `getDevices()` offer virtual boards (defining
 * `navigator.usb` where the browser has none), with `connect` / `disconnect` events on
 * `navigator.usb` when a board is unplugged (a disconnect fault) and plugged back in.
 */
export function installVirtualUsb(
  boards: VirtualUsbBoard[],
  options: InstallVirtualUsbOptions = {},
): VirtualUsbInstallation {
  for (const b of boards) {
    if (b.bridge === "usb-jtag-serial" && b.device.usbKind !== "usb-jtag-serial")
      throw new VirtualDeviceError(
        "bad-option",
        `The ${b.device.chip} is not set up with usb: "usb-jtag-serial".`,
        'Create it with new VirtualEsp({ chip, usb: "usb-jtag-serial" }).',
      );
  }
  const restore: (() => void)[] = [];
  const nav = options.navigator ?? (globalThis as { navigator: { usb?: unknown } }).navigator;
  const existing = nav.usb as UsbLike | undefined;
  const real =
    existing && options.keepReal !== false
      ? {
          requestDevice: existing.requestDevice.bind(existing),
          getDevices: existing.getDevices.bind(existing),
        }
      : undefined;
  const usb: UsbLike = existing ?? Object.assign(new EventTarget(), { requestDevice, getDevices });
  const current = new Map<VirtualUsbBoard, VirtualUsbDevice>();

  const plug = (board: VirtualUsbBoard) => {
    const device = new VirtualUsbDevice(board.device, board.bridge);
    current.set(board, device);
    device.onDisconnect(() => usb.dispatchEvent(connectionEvent("disconnect", device)));
    return device;
  };
  for (const board of boards) {
    plug(board);
    board.device.onReconnect(() => {
      if (current.get(board)?.connected) return;
      usb.dispatchEvent(connectionEvent("connect", plug(board)));
    });
  }
  const available = () => [...current.values()].filter((d) => d.connected);

  async function requestDevice(request: UsbDeviceRequestOptionsLike): Promise<unknown> {
    if (!request || !Array.isArray(request.filters))
      throw new TypeError("requestDevice needs a filters array.");
    for (const f of [...request.filters, ...(request.exclusionFilters ?? [])]) checkFilter(f);
    const matches = available()
      .filter((d) => request.filters.length === 0 || request.filters.some((f) => matches_(d, f)))
      .filter((d) => !(request.exclusionFilters ?? []).some((f) => matches_(d, f)));
    const picked = options.choose
      ? await options.choose(matches, request)
      : (matches[0] ?? (real ? "real" : null));
    if (picked === "real" && real) return real.requestDevice(request);
    if (picked && picked !== "real") return picked;
    throw new DOMException("No device selected.", "NotFoundError");
  }
  async function getDevices(): Promise<unknown[]> {
    return [...(real ? await real.getDevices() : []), ...available()];
  }

  hookNavigator(nav, "usb", existing, usb, { requestDevice, getDevices }, restore);
  return {
    uninstall: () => {
      for (const undo of restore.splice(0).reverse()) undo();
    },
    get devices() {
      return available();
    },
  };
}

/** Chrome's rules: a productId needs a vendorId; a subclass needs a class; a protocol needs a subclass. */
function checkFilter(f: UsbDeviceFilterLike): void {
  if (f.productId !== undefined && f.vendorId === undefined)
    throw new TypeError("A filter containing a productId must also contain a vendorId.");
  if (f.subclassCode !== undefined && f.classCode === undefined)
    throw new TypeError("A filter containing a subclassCode must also contain a classCode.");
  if (f.protocolCode !== undefined && f.subclassCode === undefined)
    throw new TypeError("A filter containing a protocolCode must also contain a subclassCode.");
}

function matches_(d: VirtualUsbDevice, f: UsbDeviceFilterLike): boolean {
  if (f.vendorId !== undefined && f.vendorId !== d.vendorId) return false;
  if (f.productId !== undefined && f.productId !== d.productId) return false;
  if (f.serialNumber !== undefined && f.serialNumber !== d.serialNumber) return false;
  if (f.classCode === undefined) return true;
  // A class filter matches the device class or any interface's class.
  const classes = [
    [d.deviceClass, d.deviceSubclass, d.deviceProtocol],
    ...d.model.interfaces.map((i) => [i.cls, i.subclass, i.protocol]),
  ];
  return classes.some(
    ([c, s, p]) =>
      c === f.classCode &&
      (f.subclassCode === undefined || s === f.subclassCode) &&
      (f.protocolCode === undefined || p === f.protocolCode),
  );
}

/** A USBConnectionEvent look-alike: `device` is the one that came or went. */
function connectionEvent(type: "connect" | "disconnect", device: VirtualUsbDevice): Event {
  const event = new Event(type);
  Object.defineProperty(event, "device", { value: device });
  return event;
}
