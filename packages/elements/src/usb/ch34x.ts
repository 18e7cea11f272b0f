// WCH CH340/CH341, with the vendor requests Linux's ch341.c sends. Its divisor algorithm is
// the one current Linux uses: the older formula (also esptool-js 0.7.0's) misses 921600
// by 7 %, more than a UART tolerates.
import { bulkInterface, claim, controlIn, controlOut, type Driver, pipesOf } from "./driver.js";
import type { UsbDeviceLike } from "./usb-types.js";

const READ_VERSION = 0x5f;
const SERIAL_INIT = 0xa1;
const WRITE_REG = 0x9a;
const MODEM_CTRL = 0xa4;
const REG_PRESCALER_DIVISOR = 0x1312; // registers 0x12 (prescaler) and 0x13 (divisor), written together
const REG_LCR = 0x2518; // LCR 0x18 and LCR2 0x25
const LCR_8N1_ON = 0xc3; // receiver and transmitter on, 8 data bits, no parity, 1 stop bit
const CLOCK = 48_000_000;
const clockDiv = (ps: number, fact: number) => 1 << (12 - 3 * ps - fact);

const out = (device: UsbDeviceLike, request: number, value: number, index: number) =>
  controlOut(device, { requestType: "vendor", recipient: "device", request, value, index });

/** Prescaler and divisor register values for `baud`: rate = 48 MHz / (clockDiv(ps, fact) · div). */
export function ch34xDivisor(baud: number): number {
  const speed = Math.min(
    Math.max(baud, Math.ceil(CLOCK / (clockDiv(0, 0) * 256))),
    CLOCK / (clockDiv(3, 0) * 2),
  );
  let ps = 3;
  while (ps > 0 && speed <= CLOCK / (clockDiv(ps, 1) * 512)) ps--;
  let fact = 1;
  let div = Math.floor(CLOCK / (clockDiv(ps, fact) * speed));
  if (div < 9 || div > 255) {
    div = Math.floor(div / 2);
    fact = 0;
  }
  // Take the next divisor when it lands closer to the asked rate.
  const rate = (d: number) => CLOCK / (clockDiv(ps, fact) * d);
  if (rate(div) - speed >= speed - rate(div + 1)) div++;
  // The slower base clock with half the divisor is the same rate, and more tolerant.
  if (fact === 1 && div % 2 === 0) {
    div /= 2;
    fact = 0;
  }
  return ((256 - div) << 8) | (fact << 2) | ps;
}

/** Chip version per device (READ_VERSION): later chips need bit 7 and take the LCR register. */
const versions = new WeakMap<UsbDeviceLike, number>();

export const ch34x: Driver = {
  async open(device, baud) {
    const found = bulkInterface(device, 0xff);
    if (!found) throw new Error("This CH340 has no bulk serial interface.");
    await claim(device, [found.iface.interfaceNumber]);
    const version =
      (
        await controlIn(
          device,
          { requestType: "vendor", recipient: "device", request: READ_VERSION, value: 0, index: 0 },
          2,
        )
      )[0] ?? 0;
    versions.set(device, version);
    await out(device, SERIAL_INIT, 0, 0);
    await this.setBaud(device, baud);
    await this.setLines(device, false, false);
    return pipesOf(found);
  },
  async setBaud(device, baud) {
    const version = versions.get(device) ?? 0;
    // Bit 7: send what has arrived without waiting for a full packet (chips after version 0x27).
    await out(
      device,
      WRITE_REG,
      REG_PRESCALER_DIVISOR,
      ch34xDivisor(baud) | (version > 0x27 ? 0x80 : 0),
    );
    if (version >= 0x30) await out(device, WRITE_REG, REG_LCR, LCR_8N1_ON);
  },
  // The line bits are active low: DTR bit 5, RTS bit 6.
  setLines: (device, dtr, rts) =>
    out(device, MODEM_CTRL, ~((dtr ? 0x20 : 0) | (rts ? 0x40 : 0)) & 0xffff, 0),
};
