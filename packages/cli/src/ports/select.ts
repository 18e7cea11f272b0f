import { CliError } from "../errors.js";
import type { NodeSerialPort } from "./node-port.js";
import { Rfc2217SerialPort } from "./rfc2217-port.js";
import { SocketSerialPort } from "./socket-port.js";
import { UsbSerialPort } from "./usb-serial-port.js";

export interface ListedPort {
  path: string;
  vendorId?: number;
  productId?: number;
  manufacturer?: string;
  serialNumber?: string;
}

const VID_PID = /^([0-9a-f]{4}):([0-9a-f]{4})$/i;

export async function listPorts(): Promise<ListedPort[]> {
  // serialport's native binding costs ~0.1 s to load: only when a serial device is looked for.
  const { SerialPort } = await import("serialport");
  const found = await SerialPort.list();
  return found.map((p) => ({
    path: p.path,
    ...(p.vendorId ? { vendorId: Number.parseInt(p.vendorId, 16) } : {}),
    ...(p.productId ? { productId: Number.parseInt(p.productId, 16) } : {}),
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
  }));
}

export const usbId = (p: { vendorId?: number; productId?: number }) =>
  p.vendorId !== undefined && p.productId !== undefined
    ? `${hex4(p.vendorId)}:${hex4(p.productId)}`
    : "";
const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** A VID:PID such as 303a:1001 picks every listed port with those USB ids. */
export function isVidPid(spec: string): boolean {
  return VID_PID.test(spec);
}

/**
 * Turns --port values into ports: socket:// and rfc2217:// URLs, device paths, or VID:PID
 * (every matching USB port). No --port: the only USB serial port there is.
 */
export async function resolvePorts(
  specs: string[],
  note: (line: string) => void,
): Promise<NodeSerialPort[]> {
  const needsList = specs.length === 0 || specs.some((s) => isVidPid(s) || !s.includes("://"));
  const listed = needsList ? await listPorts() : [];
  if (specs.length === 0) {
    const usb = listed.filter((p) => p.vendorId !== undefined);
    if (usb.length === 1) return [new UsbSerialPort(usb[0]!.path, infoOf(usb[0]!), note)];
    throw new CliError(
      "port-not-found",
      usb.length === 0
        ? "No USB serial port found."
        : `${usb.length} USB serial ports found; which one?`,
      "Pass --port with a path (e.g. /dev/ttyUSB0), a VID:PID such as 10c4:ea60, or socket://host:port. `esp-flash ports` lists them.",
    );
  }
  const ports: NodeSerialPort[] = [];
  for (const spec of specs) {
    const match = VID_PID.exec(spec);
    if (match) {
      const [vid, pid] = [Number.parseInt(match[1]!, 16), Number.parseInt(match[2]!, 16)];
      const hits = listed.filter((p) => p.vendorId === vid && p.productId === pid);
      if (hits.length === 0)
        throw new CliError(
          "port-not-found",
          `No serial port with USB id ${spec}.`,
          "Plug the board in, or check the id with `esp-flash ports`.",
        );
      for (const hit of hits) ports.push(new UsbSerialPort(hit.path, infoOf(hit), note));
    } else if (spec.startsWith("socket://"))
      ports.push(portFromUrl(() => new SocketSerialPort(spec)));
    else if (spec.startsWith("rfc2217://"))
      ports.push(portFromUrl(() => new Rfc2217SerialPort(spec)));
    else if (spec.includes("://"))
      throw new CliError(
        "usage",
        `Unknown port URL '${spec}'.`,
        "Use a device path, socket://host:port or rfc2217://host:port.",
      );
    else {
      const known = listed.find((p) => p.path === spec);
      ports.push(new UsbSerialPort(spec, known ? infoOf(known) : {}, note));
    }
  }
  const paths = ports.map((p) => p.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice)
    throw new CliError(
      "usage",
      `The port ${twice} is given twice.`,
      "Name each board's port once.",
    );
  return ports;
}

function portFromUrl(make: () => NodeSerialPort): NodeSerialPort {
  try {
    return make();
  } catch (error) {
    throw new CliError(
      "usage",
      (error as Error).message,
      "Write it as socket://HOST:PORT or rfc2217://HOST:PORT.",
    );
  }
}

function infoOf(p: ListedPort) {
  return {
    ...(p.vendorId !== undefined ? { usbVendorId: p.vendorId } : {}),
    ...(p.productId !== undefined ? { usbProductId: p.productId } : {}),
  };
}
