import { ESPLoader, type IEspLoaderTerminal } from "esptool-js";
import { chipFromEsptoolJsName, detectFlashSize, readChipGuardFacts, type ChipFamily } from "./deps.js";
import { hex } from "./describe.js";
import type { Control } from "./control.js";
import { FlashError } from "./errors.js";
import { leasePort, WatchedTransport, type PortLease } from "./link.js";
import { release } from "./reset.js";
import type { DeviceInfo, SerialPortLike, UsbKind } from "./types.js";

export const ROM_BAUD = 115200;
const ESPRESSIF_VID = 0x303a;
const USB_JTAG_SERIAL_PID = 0x1001;
const SPI_SET_PARAMS = 0x0b;
/** esptool-js sizes a ROM erase in whole write blocks but keeps the stub's 16 KB block for the
 * ROM too: up to 16 KB past each part would be erased. The ROM's block is 1 KB, as in esptool. */
const ROM_FLASH_WRITE_SIZE = 0x400;
const FLASH_ID_READS = 4;
const STUB_ADVICE = "Press RESET on the board (or unplug it and plug it back in), then retry.";

export interface Link {
  lease: PortLease;
  transport: WatchedTransport;
  loader: ESPLoader;
  usb: UsbKind;
  log: (line: string) => void;
}

export function usbKindOf(port: SerialPortLike): UsbKind {
  const { usbVendorId, usbProductId } = port.getInfo();
  return usbVendorId === ESPRESSIF_VID && usbProductId === USB_JTAG_SERIAL_PID ? "usb-jtag-serial" : "uart-bridge";
}

/** Open the port and sync with the ROM loader, resetting it into download mode the way the port needs. */
export async function openLink(port: SerialPortLike, ctl: Control, log: (line: string) => void): Promise<Link> {
  const lease = leasePort(port);
  const transport = new WatchedTransport(lease);
  transport.whenLost(() => ctl.markLost());
  const usb = usbKindOf(port);
  const loader = new ESPLoader({ transport, baudrate: ROM_BAUD, romBaudrate: ROM_BAUD, terminal: terminalFor(log) });
  const link: Link = { lease, transport, loader, usb, log };
  // "usb_reset" drives the USB-JTAG-serial sequence; "default_reset" the classic DTR/RTS auto-reset.
  try {
    await ctl.run(loader.connect(resetMode(link), 7, true));
  } catch (error) {
    // esptool-js leaves the port open when it fails after opening it (e.g. a garbled chip ID),
    // and the session has no link to release yet: close it here, or every retry finds it busy.
    // A port we never opened (busy elsewhere) is not ours to close.
    if (lease.opened) await release(link);
    else lease.revoke();
    throw error;
  }
  return link;
}

export function resetMode(link: Link) {
  return link.usb === "usb-jtag-serial" ? "usb_reset" : "default_reset";
}

/** Map the chip, start the flasher stub (or fall back to the ROM where that works), read the flash ID. */
export async function identify(link: Link, ctl: Control): Promise<DeviceInfo> {
  const { loader } = link;
  const chip = chipFromEsptoolJsName(loader.chip.CHIP_NAME);
  if (!chip) {
    throw new FlashError("chip-unknown", `This flasher does not support ${loader.chip.CHIP_NAME}.`, "Use a board with a supported ESP chip.", "detecting");
  }
  const optional = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    if (loader.secureDownloadMode) return undefined;
    try {
      return await ctl.run(read());
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      link.log(`Could not read chip details: ${String(error)}`);
      return undefined;
    }
  };
  const description = await optional(() => loader.chip.getChipDescription(loader));
  const revision = loader.chip.getChipRevision ? await optional(() => loader.chip.getChipRevision!(loader)) : undefined;
  const features = await optional(() => loader.chip.getChipFeatures(loader));
  const mac = await optional(() => loader.chip.readMac(loader));
  const guardFacts = await ctl.run(readChipGuardFacts(loader, chip.family)); // before the stub: the ROM answers
  await startStub(link, ctl, chip.family);
  // Also when esptool-js skipped the stub (secure download mode), not only after a failed start.
  if (!loader.IS_STUB) loader.FLASH_WRITE_SIZE = ROM_FLASH_WRITE_SIZE;
  const flash = await stableFlashSize(link, ctl, chip.family);
  if (flash.bytes !== undefined) await setSpiParams(link, ctl, flash.bytes);
  return {
    family: chip.family,
    chipName: description ?? loader.chip.CHIP_NAME,
    ...(revision !== undefined ? { revision: String(revision) } : {}),
    mac: mac ?? "unknown",
    flashId: flash.id,
    ...(flash.size !== undefined ? { flashSize: flash.size } : {}),
    usb: link.usb,
    ...(features ? { features } : {}),
    stub: loader.IS_STUB,
    ...guardFacts,
  };
}

async function startStub(link: Link, ctl: Control, family: string) {
  const { loader, transport } = link;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctl.run(loader.runStub());
      return;
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      // A rejected upload block (bad checksum on a noisy line) is worth one more try from a clean reset.
      if (attempt === 1 && /failed with status/.test(String(error))) {
        link.log(`Stub upload failed (${String(error)}); resetting and trying again.`);
        await ctl.run(transport.disconnect());
        await ctl.run(loader.connect(resetMode(link), 7, false));
        continue;
      }
      await fallBackToRom(link, ctl, family, error);
      return;
    }
  }
}

async function fallBackToRom(link: Link, ctl: Control, family: string, error: unknown) {
  const { loader, transport } = link;
  // The ESP8266 ROM has no compressed writes and no MD5: without the stub we cannot verify.
  if (family === "ESP8266") {
    throw new FlashError("stub-failed", `The flasher stub did not start on the ESP8266 (${String(error)}).`, STUB_ADVICE, "detecting", { cause: error });
  }
  link.log(`The flasher stub did not start (${String(error)}); continuing with the ROM loader.`);
  await ctl.run(transport.disconnect());
  await ctl.run(loader.connect(resetMode(link), 7, false));
  // ROM loaders need the flash attached before any flash command (the stub does it itself).
  await ctl.run(loader.flashSpiAttach(0));
}

/**
 * The flash ID, read until two reads agree: register replies carry no checksum, and one
 * garbled reply would patch every header for a wrong (or "unknown") size without a trace.
 */
async function stableFlashSize(link: Link, ctl: Control, family: ChipFamily) {
  let last = await ctl.run(detectFlashSize(link.loader, family));
  for (let read = 2; read <= FLASH_ID_READS; read++) {
    const next = await ctl.run(detectFlashSize(link.loader, family));
    if (next.id === last.id) return next;
    link.log(`The flash ID read as ${hex(last.id)}, then ${hex(next.id)}; reading it again.`);
    last = next;
  }
  throw new FlashError(
    "serial-noise",
    `The flash chip's ID read differently ${FLASH_ID_READS} times: the serial line is garbling replies.`,
    "Retry; use a shorter USB cable, another USB port, or a powered hub.",
    "detecting",
  );
}

/** esptool-js never sends SPI_SET_PARAMS, leaving the stub at its 16MB default; esptool does. */
async function setSpiParams(link: Link, ctl: Control, totalBytes: number) {
  const words = [0, totalBytes, 64 * 1024, 4 * 1024, 256, 0xffff];
  const packet = new Uint8Array(words.length * 4);
  const view = new DataView(packet.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word >>> 0, true));
  try {
    await ctl.run(link.loader.checkCommand("set SPI params", SPI_SET_PARAMS, packet));
  } catch (error) {
    if (ctl.aborted || ctl.lost) throw error;
    link.log(`The loader did not take the flash parameters (${String(error)}); continuing.`);
  }
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
