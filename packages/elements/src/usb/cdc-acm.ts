// USB CDC-ACM (PSTN 1.2): Espressif's USB-JTAG-serial and USB-OTG CDC, WCH CH9102/CH343.
import {
  activeConfiguration,
  bulkInterface,
  claim,
  controlOut,
  le32,
  type Driver,
} from "./driver.js";
import type { UsbDeviceLike } from "./usb-types.js";

const COMM_CLASS = 0x02;
const DATA_CLASS = 0x0a;
const SET_LINE_CODING = 0x20;
const SET_CONTROL_LINE_STATE = 0x22;

function commInterface(device: UsbDeviceLike): number | undefined {
  return activeConfiguration(device)?.interfaces.find(
    (i) => i.alternate.interfaceClass === COMM_CLASS,
  )?.interfaceNumber;
}
const out = (device: UsbDeviceLike, request: number, value: number, data?: Uint8Array) =>
  controlOut(
    device,
    { requestType: "class", recipient: "interface", request, value, index: commInterface(device)! },
    data,
  );

/** True when the device offers a CDC-ACM serial function. */
export function hasCdcAcm(device: UsbDeviceLike): boolean {
  return commInterface(device) !== undefined && bulkInterface(device, DATA_CLASS) !== undefined;
}

export const cdcAcm: Driver = {
  async open(device, baud) {
    const comm = commInterface(device);
    const data = bulkInterface(device, DATA_CLASS);
    if (comm === undefined || !data)
      throw new Error("This device has no CDC-ACM serial interface.");
    // Class requests go to the communication interface: WebUSB needs it claimed too.
    const interfaces = [comm, data.iface.interfaceNumber];
    await claim(device, interfaces);
    await this.setBaud(device, baud);
    await this.setLines(device, false, false);
    return { in: data.in, out: data.out, packetSize: data.packetSize, interfaces };
  },
  setBaud: (device, baud) => {
    const coding = new Uint8Array(7);
    coding.set(le32(baud));
    coding[6] = 8; // 1 stop bit, no parity, 8 data bits
    return out(device, SET_LINE_CODING, 0, coding);
  },
  setLines: (device, dtr, rts) =>
    out(device, SET_CONTROL_LINE_STATE, (dtr ? 1 : 0) | (rts ? 2 : 0)),
};
