// What each USB-serial chip looks like on the bus: descriptors, and how its control
// requests set the UART (rate, line settings) and the DTR/RTS lines. One typed table; the
// request decoders follow the chips' published protocols, not any particular client:
// CP210x: Silicon Labs AN571; CH340: the vendor requests as Linux's ch341.c sends them;
// CDC-ACM: USB CDC PSTN 1.2 (SET_LINE_CODING 0x20, SET_CONTROL_LINE_STATE 0x22).
import type { VirtualEsp } from "../device/virtual-esp.js";
import type { UsbControlSetup, UsbEndpoint } from "./types.js";

export type UsbBridgeKind = "cp2102" | "ch340" | "usb-jtag-serial" | "ft232r" | "pl2303";

export interface BridgeInterface {
  number: number;
  cls: number;
  subclass: number;
  protocol: number;
  endpoints: UsbEndpoint[];
}

export interface BridgeModel {
  vendorId: number;
  productId: number;
  manufacturerName: string;
  productName: string;
  deviceClass: number;
  deviceSubclass: number;
  deviceProtocol: number;
  /** bcdDevice */
  deviceVersion: [number, number, number];
  interfaces: BridgeInterface[];
  /** Bulk IN / OUT endpoint numbers carrying the UART data. */
  dataIn: number;
  dataOut: number;
  /** false: a USB peripheral with no UART behind it (USB-JTAG-serial): line coding is ignored. */
  uart: boolean;
  protocol: () => BridgeProtocol;
  /** The iSerialNumber string, if the chip has one. */
  serialNumber?: (device: VirtualEsp) => string;
}

/** UART and modem lines as the chip's registers hold them. */
export interface LineState {
  baud: number;
  /** false while the chip would not move data (CP210x interface disabled). */
  enabled: boolean;
  /** false when framing is not 8N1: bytes arrive as junk at the ESP. */
  eightN1: boolean;
  dtr: boolean;
  rts: boolean;
}

export interface ControlAnswer {
  status: "ok" | "stall";
  data?: Uint8Array;
}

/** Chips that frame bulk IN data: every packet starts with `header`; when idle, a header-only packet every `latencyMs`. */
export interface InFraming {
  packetSize: number;
  header(): Uint8Array;
  latencyMs(): number;
}

/** Decodes one chip's control requests into line state. */
export interface BridgeProtocol {
  readonly line: LineState;
  readonly inFraming?: InFraming;
  controlOut(setup: UsbControlSetup, data: Uint8Array): ControlAnswer;
  controlIn(setup: UsbControlSetup, length: number): ControlAnswer;
}

const STALL: ControlAnswer = { status: "stall" };
const OK: ControlAnswer = { status: "ok" };
const bulk = (
  endpointNumber: number,
  direction: "in" | "out",
  packetSize: number,
): UsbEndpoint => ({ endpointNumber, direction, type: "bulk", packetSize });
const interrupt = (endpointNumber: number, packetSize: number): UsbEndpoint => ({
  endpointNumber,
  direction: "in",
  type: "interrupt",
  packetSize,
});
const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
const le32 = (d: Uint8Array, at = 0) =>
  (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0;

/** Rates the CP2102 generates (AN205, table 1); a request gets the nearest one. */
const CP2102_RATES = [
  300, 600, 1200, 1800, 2400, 4000, 4800, 7200, 9600, 14400, 16000, 19200, 28800, 38400, 51200,
  56000, 57600, 64000, 76800, 115200, 128000, 153600, 230400, 250000, 256000, 460800, 500000,
  576000, 921600,
];

/** Silicon Labs CP2102 per AN571: vendor requests to the interface (bmRequestType 0x41 / 0xC1). */
class Cp210xProtocol implements BridgeProtocol {
  readonly line: LineState = { baud: 9600, enabled: false, eightN1: true, dtr: false, rts: false };
  private lineCtl = 0x0800;

  controlOut(s: UsbControlSetup, data: Uint8Array): ControlAnswer {
    if (s.requestType !== "vendor" || s.recipient !== "interface" || s.index !== 0) return STALL;
    switch (s.request) {
      case 0x00: // IFC_ENABLE
        if (s.value > 1) return STALL;
        this.line.enabled = s.value === 1;
        return OK;
      case 0x01: // SET_BAUDDIV: rate = 3686400 / divisor
        if (s.value === 0) return STALL;
        this.line.baud = nearest(3686400 / s.value);
        return OK;
      case 0x03: // SET_LINE_CTL: stop bits 3..0, parity 7..4, word length 15..8
        this.lineCtl = s.value;
        this.line.eightN1 = s.value === 0x0800;
        return OK;
      case 0x07: {
        // SET_MHS: DTR bit 0, RTS bit 1, each written only with its mask (bits 8, 9)
        if (s.value & 0x0100) this.line.dtr = (s.value & 1) !== 0;
        if (s.value & 0x0200) this.line.rts = (s.value & 2) !== 0;
        return OK;
      }
      case 0x1e: // SET_BAUDRATE: 4-byte rate in the data stage
        if (data.length !== 4 || s.value !== 0) return STALL;
        this.line.baud = nearest(le32(data));
        return OK;
      case 0x05:
      case 0x06:
      case 0x09:
      case 0x0a:
      case 0x0b:
      case 0x0d:
      case 0x11:
      case 0x12:
      case 0x13:
      case 0x19:
        return OK; // break, immediate char, XON/XOFF, event mask, special chars, reset, purge, flow, chars
      default:
        return STALL;
    }
  }

  controlIn(s: UsbControlSetup, length: number): ControlAnswer {
    if (s.requestType !== "vendor" || s.recipient !== "interface" || s.index !== 0) return STALL;
    const reply = (data: Uint8Array): ControlAnswer => ({
      status: "ok",
      data: data.subarray(0, length),
    });
    switch (s.request) {
      case 0x1d:
        return reply(u32(this.line.baud)); // GET_BAUDRATE
      case 0x04:
        return reply(Uint8Array.of(this.lineCtl & 0xff, this.lineCtl >> 8)); // GET_LINE_CTL
      case 0x08: // GET_MDMSTS: DTR, RTS, then CTS and DSR asserted
        return reply(Uint8Array.of((this.line.dtr ? 1 : 0) | (this.line.rts ? 2 : 0) | 0x30));
      case 0x10:
        return reply(new Uint8Array(19)); // GET_COMM_STATUS: no errors, queues empty
      case 0x14:
        return reply(new Uint8Array(16)); // GET_FLOW
      default:
        return STALL;
    }
  }
}

function nearest(rate: number): number {
  return CP2102_RATES.reduce((best, r) => (Math.abs(r - rate) < Math.abs(best - rate) ? r : best));
}

/**
 * WCH CH340 as Linux's ch341.c drives it: vendor requests to the device. Registers are
 * written in pairs (wValue = reg2 << 8 | reg1, wIndex = val2 << 8 | val1). The rate is
 * 48 MHz / (2^(12 − 3·ps − fact) · (256 − divisor)), with ps = prescaler bits 1..0 and
 * fact = prescaler bit 2; bit 7 only stops the chip holding data for a full packet.
 */
class Ch340Protocol implements BridgeProtocol {
  static readonly VERSION = 0x31;
  readonly line: LineState = { baud: 0, enabled: true, eightN1: true, dtr: false, rts: false };
  private readonly regs = new Map<number, number>();

  constructor() {
    this.init();
  }

  controlOut(s: UsbControlSetup, data: Uint8Array): ControlAnswer {
    if (s.requestType !== "vendor" || s.recipient !== "device" || data.length !== 0) return STALL;
    switch (s.request) {
      case 0xa1: // SERIAL_INIT
        this.init();
        return OK;
      case 0x9a: // WRITE_REG
        this.write(s.value & 0xff, s.index & 0xff);
        this.write(s.value >> 8, s.index >> 8);
        return OK;
      case 0xa4: {
        // MODEM_CTRL: the inverted line bits, DTR = bit 5, RTS = bit 6
        const on = ~s.value & 0xffff;
        this.line.dtr = (on & 0x20) !== 0;
        this.line.rts = (on & 0x40) !== 0;
        return OK;
      }
      default:
        return STALL;
    }
  }

  controlIn(s: UsbControlSetup, length: number): ControlAnswer {
    if (s.requestType !== "vendor" || s.recipient !== "device") return STALL;
    if (s.request === 0x5f)
      return { status: "ok", data: Uint8Array.of(Ch340Protocol.VERSION, 0).subarray(0, length) };
    if (s.request === 0x95) {
      // READ_REG: two registers, as written
      const data = Uint8Array.of(
        this.regs.get(s.value & 0xff) ?? 0,
        this.regs.get(s.value >> 8) ?? 0,
      );
      return { status: "ok", data: data.subarray(0, length) };
    }
    return STALL;
  }

  /** Power-on / SERIAL_INIT: 9600 8N1, receiver and transmitter on. */
  private init(): void {
    this.regs.clear();
    this.write(0x12, 0x02); // ps 2, fact 0: 48 MHz / 64 / div
    this.write(0x13, 256 - 78); // 750 kHz / 78 ≈ 9615
    this.write(0x18, 0xc3);
  }

  private write(reg: number, value: number): void {
    this.regs.set(reg, value);
    if (reg === 0x12 || reg === 0x13) this.line.baud = this.rate();
    if (reg === 0x18) {
      const lcr = value;
      this.line.enabled = (lcr & 0xc0) === 0xc0;
      this.line.eightN1 = (lcr & 0x3f) === 0x03;
    }
  }

  private rate(): number {
    const ps = (this.regs.get(0x12) ?? 0) & 3;
    const fact = ((this.regs.get(0x12) ?? 0) >> 2) & 1;
    const div = 256 - (this.regs.get(0x13) ?? 0);
    return 48_000_000 / ((1 << (12 - 3 * ps - fact)) * div);
  }
}

/** CDC-ACM class requests to the communication interface (bmRequestType 0x21 / 0xA1). */
class CdcAcmProtocol implements BridgeProtocol {
  readonly line: LineState = { baud: 115200, enabled: true, eightN1: true, dtr: false, rts: false };
  private coding = Uint8Array.of(0x00, 0xc2, 0x01, 0x00, 0, 0, 8);

  constructor(private readonly commInterface: number) {}

  controlOut(s: UsbControlSetup, data: Uint8Array): ControlAnswer {
    if (s.requestType !== "class" || s.recipient !== "interface" || s.index !== this.commInterface)
      return STALL;
    switch (s.request) {
      case 0x20: // SET_LINE_CODING: dwDTERate, bCharFormat, bParityType, bDataBits
        if (data.length !== 7) return STALL;
        this.coding = data.slice();
        this.line.baud = le32(data);
        this.line.eightN1 = data[4] === 0 && data[5] === 0 && data[6] === 8;
        return OK;
      case 0x22: // SET_CONTROL_LINE_STATE: DTR bit 0, RTS bit 1
        this.line.dtr = (s.value & 1) !== 0;
        this.line.rts = (s.value & 2) !== 0;
        return OK;
      case 0x23: // SEND_BREAK
        return OK;
      default:
        return STALL;
    }
  }

  controlIn(s: UsbControlSetup, length: number): ControlAnswer {
    if (s.requestType !== "class" || s.recipient !== "interface" || s.index !== this.commInterface)
      return STALL;
    if (s.request === 0x21) return { status: "ok", data: this.coding.slice(0, length) }; // GET_LINE_CODING
    return STALL;
  }
}

/**
 * FTDI FT232R per FTDI's AN232B-05 and Linux's ftdi_sio: vendor requests to the device.
 * The rate divisor counts eighths of 3 MHz / baud: 14 integer bits in wValue, the fraction
 * as a 3-bit code (0, ½, ¼, ⅛, ⅜, ⅝, ¾, ⅞ for codes 0…7) in wValue bits 15..14 and wIndex
 * bit 0; wValue 0 is 3 Mbaud and 1 is 2 Mbaud. Bulk IN packets start with two status bytes.
 */
class Ft232rProtocol implements BridgeProtocol {
  readonly line: LineState = { baud: 9600, enabled: true, eightN1: true, dtr: false, rts: false };
  private latency = 16;
  readonly inFraming: InFraming = {
    packetSize: 64,
    // Modem status (low nibble 1; CTS and DSR set), line status (transmitter empty).
    header: () => Uint8Array.of(0x31, 0x60),
    latencyMs: () => this.latency,
  };

  controlOut(s: UsbControlSetup, data: Uint8Array): ControlAnswer {
    if (s.requestType !== "vendor" || s.recipient !== "device" || data.length !== 0) return STALL;
    switch (s.request) {
      case 0x00: // SIO_RESET: 0 reset, 1 purge RX, 2 purge TX
        return s.value <= 2 ? OK : STALL;
      case 0x01: // SIO_SET_MODEM_CTRL: DTR bit 0, RTS bit 1, each written only with bit 8 / bit 9
        if (s.value & 0x0100) this.line.dtr = (s.value & 1) !== 0;
        if (s.value & 0x0200) this.line.rts = (s.value & 2) !== 0;
        return OK;
      case 0x02: // SIO_SET_FLOW_CTRL
        return OK;
      case 0x03: // SIO_SET_BAUD_RATE
        this.line.baud = ftdiRate(s.value, s.index);
        return OK;
      case 0x04: // SIO_SET_DATA: data bits 7..0, parity 10..8, stop bits 13..11, break 14
        this.line.eightN1 = (s.value & 0x3fff) === 0x0008;
        return OK;
      case 0x06:
      case 0x07:
      case 0x0b: // event char, error char, bit mode
        return OK;
      case 0x09: // SIO_SET_LATENCY_TIMER, 1..255 ms
        if ((s.value & 0xff) === 0) return STALL;
        this.latency = s.value & 0xff;
        return OK;
      default:
        return STALL;
    }
  }

  controlIn(s: UsbControlSetup, length: number): ControlAnswer {
    if (s.requestType !== "vendor" || s.recipient !== "device") return STALL;
    if (s.request === 0x05)
      return { status: "ok", data: this.inFraming.header().subarray(0, length) }; // GET_MODEM_STATUS
    if (s.request === 0x0a)
      return { status: "ok", data: Uint8Array.of(this.latency).subarray(0, length) }; // GET_LATENCY_TIMER
    return STALL;
  }
}

/** The FT232R's rate for a SIO_SET_BAUD_RATE request. */
export function ftdiRate(value: number, index: number): number {
  if (value === 0) return 3_000_000;
  if (value === 1) return 2_000_000;
  const eighths = [0, 4, 2, 1, 3, 5, 6, 7][(value >> 14) | ((index & 1) << 2)]!;
  return 3_000_000 / ((value & 0x3fff) + eighths / 8);
}

/** Descriptors only: the chip's protocol is not modelled; every request stalls. */
class UnmodelledProtocol implements BridgeProtocol {
  readonly line: LineState = { baud: 9600, enabled: false, eightN1: true, dtr: false, rts: false };
  controlOut(): ControlAnswer {
    return STALL;
  }
  controlIn(): ControlAnswer {
    return STALL;
  }
}

export const USB_BRIDGES: Record<UsbBridgeKind, BridgeModel> = {
  cp2102: {
    vendorId: 0x10c4,
    productId: 0xea60,
    manufacturerName: "Silicon Labs",
    productName: "CP2102 USB to UART Bridge Controller",
    deviceClass: 0,
    deviceSubclass: 0,
    deviceProtocol: 0,
    deviceVersion: [1, 0, 0],
    interfaces: [
      {
        number: 0,
        cls: 0xff,
        subclass: 0,
        protocol: 0,
        endpoints: [bulk(1, "in", 64), bulk(1, "out", 64)],
      },
    ],
    dataIn: 1,
    dataOut: 1,
    uart: true,
    protocol: () => new Cp210xProtocol(),
    serialNumber: () => "0001",
  },
  ch340: {
    vendorId: 0x1a86,
    productId: 0x7523,
    manufacturerName: "",
    productName: "USB Serial",
    deviceClass: 0xff,
    deviceSubclass: 0,
    deviceProtocol: 0,
    deviceVersion: [2, 6, 4],
    interfaces: [
      {
        number: 0,
        cls: 0xff,
        subclass: 1,
        protocol: 2,
        endpoints: [bulk(2, "in", 32), bulk(2, "out", 32), interrupt(1, 8)],
      },
    ],
    dataIn: 2,
    dataOut: 2,
    uart: true,
    protocol: () => new Ch340Protocol(),
  },
  "usb-jtag-serial": {
    vendorId: 0x303a,
    productId: 0x1001,
    manufacturerName: "Espressif",
    productName: "USB JTAG/serial debug unit",
    deviceClass: 0xef,
    deviceSubclass: 2,
    deviceProtocol: 1,
    deviceVersion: [1, 0, 1],
    interfaces: [
      { number: 0, cls: 0x02, subclass: 0x02, protocol: 0, endpoints: [interrupt(2, 64)] },
      {
        number: 1,
        cls: 0x0a,
        subclass: 0,
        protocol: 0,
        endpoints: [bulk(1, "out", 64), bulk(1, "in", 64)],
      },
      {
        number: 2,
        cls: 0xff,
        subclass: 0xff,
        protocol: 1,
        endpoints: [bulk(2, "out", 64), bulk(3, "in", 64)],
      },
    ],
    dataIn: 1,
    dataOut: 1,
    uart: false,
    protocol: () => new CdcAcmProtocol(0),
    serialNumber: (device) => device.mac.toUpperCase(),
  },
  ft232r: {
    vendorId: 0x0403,
    productId: 0x6001,
    manufacturerName: "FTDI",
    productName: "FT232R USB UART",
    deviceClass: 0,
    deviceSubclass: 0,
    deviceProtocol: 0,
    deviceVersion: [6, 0, 0],
    interfaces: [
      {
        number: 0,
        cls: 0xff,
        subclass: 0xff,
        protocol: 0xff,
        endpoints: [bulk(1, "in", 64), bulk(2, "out", 64)],
      },
    ],
    dataIn: 1,
    dataOut: 2,
    uart: true,
    protocol: () => new Ft232rProtocol(),
    serialNumber: () => "A50285BI",
  },
  pl2303: {
    vendorId: 0x067b,
    productId: 0x2303,
    manufacturerName: "Prolific Technology Inc.",
    productName: "USB-Serial Controller",
    deviceClass: 0,
    deviceSubclass: 0,
    deviceProtocol: 0,
    deviceVersion: [3, 0, 0],
    interfaces: [
      {
        number: 0,
        cls: 0xff,
        subclass: 0,
        protocol: 0,
        endpoints: [interrupt(1, 10), bulk(2, "out", 64), bulk(3, "in", 64)],
      },
    ],
    dataIn: 3,
    dataOut: 2,
    uart: true,
    protocol: () => new UnmodelledProtocol(),
  },
};
