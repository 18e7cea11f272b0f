import { ESPLoader, type IEspLoaderTerminal } from "esptool-js";
import type { SerialPortLike, UsbKind } from "../session/types.js";
import { delay, type Control } from "./control.js";
import { leasePort, WatchedTransport, type PortLease } from "./port-lease.js";
import { CONNECT_ATTEMPTS, ROM_BAUD } from "./opcodes.js";
import { release } from "./reset.js";
import { CHIPS } from "../chips/index.js";

const ESPRESSIF_VID = 0x303a;
const USB_JTAG_SERIAL_PID = 0x1001;

/** esptool-js's objects for one session; only files in loader/ ever see them. */
export interface Wire {
  lease: PortLease;
  transport: WatchedTransport;
  esp: ESPLoader;
  usb: UsbKind;
  ctl: Control;
  log: (line: string) => void;
  /** The lowest rate this link was found not to hold (not tried again, nor anything above it). */
  failedRate?: number;
  /**
   * This session's own reset pulse was seen to restart the chip: its ROM printed after the
   * pulse, then answered the sync. Only then is a rate above 921600 worth trying, because a
   * reset is the only way back from a rate the link turns out not to carry.
   */
  resetSeen?: boolean;
  /** The log already says why no rate above 921600 is tried. */
  saidNoHighRate?: boolean;
}

/** The ROMs' own USB-OTG product IDs (303A:0002 on an ESP32-S2 …), from the chip table. */
const USB_OTG_PIDS: ReadonlySet<number> = new Set(
  Object.values(CHIPS).flatMap((c) => (c.usbOtg ? [c.usbOtg.productId] : [])),
);

/** What the port's USB ids say; a USB-OTG link behind unknown ids is found later (UARTDEV_BUF_NO). */
export function usbKindOf(port: SerialPortLike): UsbKind {
  const { usbVendorId, usbProductId } = port.getInfo();
  if (usbVendorId !== ESPRESSIF_VID || usbProductId === undefined) return "uart-bridge";
  if (usbProductId === USB_JTAG_SERIAL_PID) return "usb-jtag-serial";
  return USB_OTG_PIDS.has(usbProductId) ? "usb-otg" : "uart-bridge";
}

/**
 * "usb_reset" drives the USB-JTAG-serial sequence; "default_reset" the classic DTR/RTS
 * auto-reset. The ROM's USB-OTG port exists only while the ROM waits in download mode (the
 * board was plugged in with BOOT held) and any reset takes it off USB: sync without one.
 */
export function resetMode(wire: Wire) {
  if (wire.usb === "usb-otg") return "no_reset";
  return wire.usb === "usb-jtag-serial" ? "usb_reset" : "default_reset";
}

/**
 * Open the port and sync with the ROM loader at the rate every ROM answers, resetting it into
 * download mode the way the port needs. The rate only rises later by CHANGE_BAUDRATE, which the
 * chip acknowledges: a sync "at 921600" would only set the host's rate, and over a link that
 * carries no rate (socket://, a pty) the chip would stay at 115200 while we believed otherwise.
 */
export async function openWire(
  port: SerialPortLike,
  ctl: Control,
  log: (line: string) => void,
): Promise<Wire> {
  const lease = leasePort(port);
  const transport = new WatchedTransport(lease);
  transport.whenLost(() => ctl.markLost());
  const usb = usbKindOf(port);
  const esp = new ESPLoader({
    transport,
    baudrate: ROM_BAUD,
    romBaudrate: ROM_BAUD,
    terminal: terminalFor(log),
  });
  const wire: Wire = { lease, transport, esp, usb, ctl, log };
  try {
    await ctl.run(esp.connect(resetMode(wire), CONNECT_ATTEMPTS, true));
    noteReset(wire);
  } catch (error) {
    // esptool-js leaves the port open when it fails after opening it (e.g. a garbled chip ID),
    // and nobody holds the wire yet: close it here, or every retry finds it busy.
    // A port we never opened (busy elsewhere) is not ours to close.
    if (lease.opened) await release(wire);
    else lease.revoke();
    throw error;
  }
  return wire;
}

/**
 * The one reconnect sequence: close, reset into the ROM loader at 115200, and bring back
 * the loader the session had ("stub": upload it again; "rom": attach the flash, as ROMs need).
 */
export async function reconnect(wire: Wire, then: "stub" | "rom" | "none") {
  const { esp, transport, ctl } = wire;
  await ctl.run(transport.disconnect());
  await delay(50, ctl.signal);
  esp.IS_STUB = false;
  await ctl.run(esp.connect(resetMode(wire), CONNECT_ATTEMPTS, false));
  noteReset(wire);
  if (then === "stub") await ctl.run(esp.runStub());
  else if (then === "rom" && esp.chip.CHIP_NAME !== "ESP8266") await ctl.run(esp.flashSpiAttach(0));
}

/**
 * Did the reset before the successful sync restart the chip? An ESP32-family ROM prints
 * "rst:…,boot:0x…" at 115200; the ESP8266's prints at 74880, which arrives as junk bytes at
 * 115200 but arrives. A chip already waiting in download mode (put there by hand) prints nothing.
 */
function noteReset(wire: Wire): void {
  if (resetMode(wire) !== "default_reset") return;
  const bytes = wire.transport.bootOutput;
  const seen =
    wire.esp.chip.CHIP_NAME === "ESP8266"
      ? bytes.length > 0
      : /boot:0x[0-9a-f]+/i.test(String.fromCharCode(...bytes.subarray(0, 4096)));
  if (seen) wire.resetSeen = true;
}

function terminalFor(log: (line: string) => void): IEspLoaderTerminal {
  let pending = "";
  return {
    clean: () => {},
    write: (text) => {
      pending += text;
    },
    writeLine: (text) => {
      const line = (pending + text).trim();
      pending = "";
      if (line) log(line);
    },
  };
}
