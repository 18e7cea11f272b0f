// FTDI single-port chips (FT232R, FT-X series), as FTDI's AN232B-05 and Linux's ftdi_sio
// drive them: vendor requests to the device; every bulk IN packet starts with two status bytes.
import { bulkInterface, claim, controlOut, type Driver, pipesOf } from "./driver.js";
import type { UsbDeviceLike } from "./usb-types.js";

const SIO_RESET = 0x00;
const SIO_SET_MODEM_CTRL = 0x01;
const SIO_SET_FLOW_CTRL = 0x02;
const SIO_SET_BAUD_RATE = 0x03;
const SIO_SET_DATA = 0x04;
const DATA_8N1 = 0x0008;
const MASKS = 0x0300; // MODEM_CTRL writes DTR and RTS only where their mask bit is set
const STATUS_BYTES = 2;
/** Code for each eighth of the divisor's fraction. */
const FRACTION_CODE = [0, 3, 2, 4, 1, 5, 6, 7];

const out = (device: UsbDeviceLike, request: number, value: number, index = 0) =>
  controlOut(device, { requestType: "vendor", recipient: "device", request, value, index });

/** The divisor for `baud`: 3 MHz / baud in eighths, 14 integer bits and a 3-bit fraction code. */
export function ftdiDivisor(baud: number): number {
  const eighths = Math.round(24_000_000 / baud);
  const divisor = (eighths >> 3) | (FRACTION_CODE[eighths & 7]! << 14);
  if (divisor === 1) return 0; // 3 Mbaud
  if (divisor === 0x4001) return 1; // 2 Mbaud
  return divisor;
}

export const ftdi: Driver = {
  async open(device, baud) {
    const found = bulkInterface(device, 0xff);
    if (!found) throw new Error("This FTDI chip has no bulk serial interface.");
    await claim(device, [found.iface.interfaceNumber]);
    await out(device, SIO_RESET, 0);
    await out(device, SIO_SET_FLOW_CTRL, 0);
    await out(device, SIO_SET_DATA, DATA_8N1);
    await this.setBaud(device, baud);
    await this.setLines(device, false, false);
    return pipesOf(found);
  },
  setBaud: (device, baud) => {
    const divisor = ftdiDivisor(baud);
    return out(device, SIO_SET_BAUD_RATE, divisor & 0xffff, divisor >> 16);
  },
  setLines: (device, dtr, rts) =>
    out(device, SIO_SET_MODEM_CTRL, MASKS | (dtr ? 1 : 0) | (rts ? 2 : 0)),
  // Drop the two status bytes at the start of each packet; an idle chip sends only those.
  unpack(data, packetSize) {
    const parts: Uint8Array[] = [];
    for (let at = 0; at < data.length; at += packetSize)
      parts.push(data.subarray(at + STATUS_BYTES, at + packetSize));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return bytes;
  },
};
