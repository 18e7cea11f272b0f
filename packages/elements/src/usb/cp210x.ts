// Silicon Labs CP210x, per AN571: vendor requests to the interface.
import { bulkInterface, claim, controlOut, type Driver, le32, pipesOf } from "./driver.js";
import type { UsbDeviceLike } from "./usb-types.js";

const IFC_ENABLE = 0x00;
const SET_LINE_CTL = 0x03;
const SET_MHS = 0x07;
const SET_BAUDRATE = 0x1e;
const LINE_8N1 = 0x0800;
const MASKS = 0x0300; // SET_MHS writes DTR and RTS only where their mask bit is set

const iface = (device: UsbDeviceLike) => bulkInterface(device, 0xff);
const out = (device: UsbDeviceLike, request: number, value: number, data?: Uint8Array) =>
  controlOut(
    device,
    {
      requestType: "vendor",
      recipient: "interface",
      request,
      value,
      index: iface(device)!.iface.interfaceNumber,
    },
    data,
  );

export const cp210x: Driver = {
  async open(device, baud) {
    const found = iface(device);
    if (!found) throw new Error("This CP210x has no bulk serial interface.");
    await claim(device, [found.iface.interfaceNumber]);
    await out(device, IFC_ENABLE, 1);
    await out(device, SET_LINE_CTL, LINE_8N1);
    await this.setBaud(device, baud);
    await this.setLines(device, false, false);
    return pipesOf(found);
  },
  setBaud: (device, baud) => out(device, SET_BAUDRATE, 0, le32(baud)),
  setLines: (device, dtr, rts) => out(device, SET_MHS, MASKS | (dtr ? 1 : 0) | (rts ? 2 : 0)),
};
