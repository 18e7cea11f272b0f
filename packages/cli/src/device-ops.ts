/**
 * Reading and erasing flash and reading chip details with esptool-js directly.
 *
 * TEMPORARY: @esp-flash/core is getting a loader layer with a public
 * `readFlash({ port, offset, length, baudRate?, signal?, onProgress? }) → { data, md5, device }`
 * (issue 11). These functions keep that signature so the swap is a change of import;
 * replace them with core's once it is merged.
 */
import { createHash } from "node:crypto";
import {
  chipFromEsptoolJsName,
  detectFlashSize,
  RUN_SEQUENCES,
  type DeviceInfo,
  type SerialPortLike,
  type UsbKind,
} from "@esp-flash/core";
import { CustomReset, ESPLoader, Transport, type IEspLoaderTerminal } from "esptool-js";
import { CliError } from "./errors.js";

export interface DeviceOpOptions {
  port: SerialPortLike;
  baudRate?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface ChipReport extends DeviceInfo {
  crystalMHz?: number;
  /** GET_SECURITY_INFO flags by name (chips whose ROM has the command). */
  security?: { flags: number; flashCryptCnt: number; set: string[] };
  secureDownloadMode: boolean;
}

const ROM_BAUD = 115200;

/** esptool-js logs some trace lines to the console even with tracing off. */
class QuietTransport extends Transport {
  override trace(message: string) {
    if (this.tracing) super.trace(message);
  }
}
const usbKindOf = (port: SerialPortLike): UsbKind => {
  const { usbVendorId, usbProductId } = port.getInfo();
  return usbVendorId === 0x303a && usbProductId === 0x1001 ? "usb-jtag-serial" : "uart-bridge";
};

/** Connect (reset into the loader, stub, baud), run `work`, reset into the firmware, close — also on error or abort. */
async function withLoader<T>(
  options: DeviceOpOptions,
  work: (loader: ESPLoader, device: ChipReport) => Promise<T>,
): Promise<T> {
  const { port, signal } = options;
  signal?.throwIfAborted();
  const usb = usbKindOf(port);
  const transport = new QuietTransport(port as never, false);
  const loader = new ESPLoader({
    transport,
    baudrate: options.baudRate ?? 921600,
    romBaudrate: ROM_BAUD,
    terminal: terminalFor(options.log),
  });
  let connected = false;
  const run = async () => {
    await loader.main(usb === "usb-jtag-serial" ? "usb_reset" : "default_reset");
    connected = true;
    const device = await describe(loader, usb);
    const result = await work(loader, device);
    await new CustomReset(transport, RUN_SEQUENCES[usb]).reset();
    return result;
  };
  try {
    return await untilAborted(run(), signal);
  } catch (error) {
    if (signal?.aborted)
      throw new CliError("aborted", "Stopped (Ctrl-C).", undefined, { cause: error });
    if (!connected) throw notConnected(error);
    throw error;
  } finally {
    await closeQuietly(transport, port);
  }
}

/** The port never opened (wrong path, busy), or it opened and the chip did not answer. */
function notConnected(error: unknown): CliError {
  const text = error instanceof Error ? error.message : String(error);
  if (/cannot open|could not open|ENOENT|EACCES|EBUSY|Permission denied/i.test(text)) {
    return new CliError(
      "port-open-failed",
      `Could not open the port: ${text}`,
      "Check the path (`esp-flash ports` lists ports), that no other program has it open, and that you may use it (Linux: the dialout group).",
      { cause: error },
    );
  }
  return new CliError(
    "connect-failed",
    `The chip did not answer: ${text}`,
    "Hold BOOT, press and release RESET, release BOOT, then retry. Check the cable and the port.",
    { cause: error },
  );
}

async function describe(loader: ESPLoader, usb: UsbKind): Promise<ChipReport> {
  const chip = chipFromEsptoolJsName(loader.chip.CHIP_NAME);
  if (!chip)
    throw new CliError(
      "chip-unknown",
      `Unsupported chip ${loader.chip.CHIP_NAME}.`,
      "Use a board with a supported ESP chip.",
    );
  const sdm = loader.secureDownloadMode;
  const flash = await detectFlashSize(loader, chip.family);
  const report: ChipReport = {
    family: chip.family,
    chipName: sdm ? loader.chip.CHIP_NAME : await loader.chip.getChipDescription(loader),
    mac: sdm ? "unknown" : await loader.chip.readMac(loader),
    flashId: flash.id,
    ...(flash.size ? { flashSize: flash.size } : {}),
    usb,
    stub: loader.IS_STUB,
    secureDownloadMode: sdm,
  };
  if (!sdm) {
    // The description carries "vMAJOR.MINOR" where esptool-js knows it; getChipRevision gives less.
    const named = /revision (v?\d+(?:\.\d+)?)/.exec(report.chipName)?.[1];
    if (named) report.revision = named;
    else if (loader.chip.getChipRevision)
      report.revision = String(await loader.chip.getChipRevision(loader));
    report.features = (await loader.chip.getChipFeatures(loader)).map((f) => f.trim());
    report.crystalMHz = await loader.chip.getCrystalFreq(loader);
  }
  if (chip.family !== "ESP8266" && chip.family !== "ESP32") {
    try {
      const info = await loader.getSecurityInfo();
      const set = Object.entries(info.parsedFlags)
        .filter(([, on]) => on)
        .map(([name]) => name);
      report.security = { flags: info.flags, flashCryptCnt: info.flashCryptCnt, set };
    } catch {
      // a stub without GET_SECURITY_INFO: the ROM answered it before the stub ran, but esptool-js does not cache it
    }
  }
  return report;
}

/** Chip, revision, MAC, flash ID and size, crystal and security flags. */
export async function readChipInfo(options: DeviceOpOptions): Promise<ChipReport> {
  return withLoader(options, async (_loader, device) => device);
}

export interface ReadFlashOptions extends DeviceOpOptions {
  offset: number;
  length: number;
  onProgress?: (read: number, total: number) => void;
}

/** Reads flash through the stub and checks the bytes against the chip's own MD5 of the region. */
export async function readFlash(
  options: ReadFlashOptions,
): Promise<{ data: Uint8Array; md5: string; device: ChipReport }> {
  return withLoader(options, async (loader, device) => {
    if (device.flashSize) {
      const bytes = sizeBytes(device.flashSize);
      if (options.offset + options.length > bytes) {
        throw new CliError(
          "bad-offset",
          `0x${options.offset.toString(16)} + ${options.length} bytes runs past the end of the ${device.flashSize} flash.`,
          `Read at most ${bytes - options.offset} bytes from there.`,
        );
      }
    }
    const data = await loader.readFlash(
      options.offset,
      options.length,
      (_packet, progress, total) => options.onProgress?.(progress, total),
    );
    const md5 = createHash("md5").update(data).digest("hex");
    const onChip = (await loader.flashMd5sum(options.offset, options.length)).toLowerCase();
    if (onChip !== md5) {
      throw new CliError(
        "read-md5-mismatch",
        `The bytes read (MD5 ${md5}) differ from the chip's own MD5 of that region (${onChip}).`,
        "Retry, with a lower --baud or a shorter cable.",
      );
    }
    return { data, md5, device };
  });
}

/** Erases the whole flash (stub command). */
export async function eraseFlash(
  options: DeviceOpOptions,
): Promise<{ device: ChipReport; elapsedMs: number }> {
  return withLoader(options, async (loader, device) => {
    const started = Date.now();
    await loader.eraseFlash();
    return { device, elapsedMs: Date.now() - started };
  });
}

const sizeBytes = (size: string) =>
  Number.parseInt(size, 10) * (size.endsWith("MB") ? 1024 * 1024 : 1024);

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function closeQuietly(transport: Transport, port: SerialPortLike) {
  const within = (p: Promise<unknown>, ms: number) =>
    Promise.race([p, new Promise((r) => setTimeout(r, ms).unref())]);
  try {
    await within(transport.disconnect(), 1500);
  } catch {
    // already closed
  }
  if (port.readable?.locked || port.writable?.locked) return;
  try {
    await within(port.close(), 500);
  } catch {
    // closed already
  }
}

function terminalFor(log: ((line: string) => void) | undefined): IEspLoaderTerminal {
  let pending = "";
  return {
    clean: () => undefined,
    write: (text) => {
      pending += text;
    },
    writeLine: (text) => {
      const line = (pending + text).trim();
      pending = "";
      if (line) log?.(line);
    },
  };
}
