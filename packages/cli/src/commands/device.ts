import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { FirmwareIdentity, Restart } from "@esp-flash/core";
import { eraseFlash, readChipInfo, readFlash, type ChipReport } from "../device-ops.js";
import { CliError, EXIT } from "../errors.js";
import { parseSize } from "../inputs.js";
import type { Context } from "../context.js";
import type { NodeSerialPort } from "../ports/index.js";

export interface DeviceCommandOptions {
  port: string[];
  baud?: number;
}

async function onePort(ctx: Context, specs: string[]): Promise<NodeSerialPort> {
  const ports = await ctx.ports(specs);
  if (ports.length !== 1)
    throw new CliError(
      "usage",
      `This command works on one board; ${ports.length} ports match.`,
      "Pass one --port.",
    );
  return ports[0]!;
}

const log = (ctx: Context, port: NodeSerialPort) => (line: string) =>
  ctx.debug(`${port.path}: ${line}`);

export async function infoCommand(options: DeviceCommandOptions, ctx: Context): Promise<number> {
  const port = await onePort(ctx, options.port);
  let restart: Restart | undefined;
  const { device, firmware } = await readChipInfo({
    ...common(ctx, port, options),
    onRestart: (r) => (restart = r),
  });
  const ids = flashIds(device.flashId);
  if (ctx.json)
    ctx.result({
      ok: true,
      exitCode: EXIT.ok,
      port: port.path,
      ...device,
      flashManufacturer: ids.manufacturer,
      flashDevice: ids.device,
      ...(firmware ? { firmware } : {}),
      ...(restart ? { restart } : {}),
    });
  else ctx.say(describeChip(port.path, device, firmware));
  sayRestart(ctx, restart);
  return EXIT.ok;
}

/** The common options of a one-shot board operation. */
function common(ctx: Context, port: NodeSerialPort, options: DeviceCommandOptions) {
  return { port, baudRate: options.baud, signal: ctx.signal, log: log(ctx, port) };
}

/** After info/read/erase the board is reset into its firmware; say so when that did not happen. */
function sayRestart(ctx: Context, restart: Restart | undefined) {
  if (restart === "press-reset")
    ctx.warn(
      "The board did not restart (this port did not carry out the reset): press RESET on the board to start its firmware.",
    );
}

/** The flash chip's IDs as esptool prints them: manufacturer "ef", device "4016" (type, capacity). */
export function flashIds(flashId: number): { manufacturer: string; device: string } {
  const manufacturer = flashId & 0xff;
  const device = (((flashId >> 8) & 0xff) << 8) | ((flashId >> 16) & 0xff);
  return {
    manufacturer: manufacturer.toString(16).padStart(2, "0"),
    device: device.toString(16).padStart(4, "0"),
  };
}

function securityLine(d: ChipReport): string {
  const s = d.security;
  if (!s || s.source === "none") return "this ROM reports none (no GET_SECURITY_INFO)";
  const on = [
    s.secureBoot ? `secure boot${s.secureBootVersion ? ` v${s.secureBootVersion}` : ""}` : "",
    s.flashEncryption ? `flash encryption (crypt count ${s.flashCryptCnt})` : "",
    s.secureDownloadMode ? "secure download mode" : "",
  ].filter(Boolean);
  return on.length ? on.join(", ") : "secure boot off, flash encryption off";
}

/** What firmware the flash holds, in one line. */
export function describeFirmware(f: FirmwareIdentity | undefined): string {
  if (!f) return "not read (the flasher stub did not start)";
  switch (f.kind) {
    case "empty":
      return "none (the flash is erased where firmware would start)";
    case "esp8266":
      return `an ESP8266 image (${f.format}${f.layout === "micropython" ? ", MicroPython's layout" : ""})`;
    case "esp-idf": {
      const app = f.app;
      const what = app?.description
        ? `${app.description.projectName} ${app.description.version} (ESP-IDF ${app.description.idfVersion})`
        : "an app without an ESP-IDF app description";
      return `${f.bootloader ? "bootloader, " : "no bootloader, "}${app ? `${what} at 0x${app.offset.toString(16)}${app.label ? ` (${app.label})` : ""}` : "no app the bootloader would start"}`;
    }
    default:
      return "unknown (not an image this tool recognises; encrypted flash reads like this too)";
  }
}

const MHZ = (n: number) => `${n} MHz`;

/** The crystal line: esptool's figure, and where it came from. */
function crystalLine(d: ChipReport): string {
  if (d.crystalMHz === undefined)
    return d.usb === "uart-bridge"
      ? "unknown (the UART clock divider could not be read)"
      : "unknown (not estimated over the chip's own USB: no UART rate to go by)";
  return d.crystalSource === "fixed"
    ? `${MHZ(d.crystalMHz)} (the only crystal this chip takes)`
    : `${MHZ(d.crystalMHz)} (estimated ${d.crystalEstimateMHz} MHz from the UART clock divider)`;
}

const SET_BY = {
  "rtc-register": "an RTC_CNTL register",
  efuse: "eFuse",
  "strapping-pin": "a strapping pin",
};

function voltageLine(d: ChipReport): string {
  if (!d.flashVoltage) return "not readable on this chip (esptool flash-id shows none either)";
  return `${d.flashVoltage.volts === "off" ? "off (external supply)" : d.flashVoltage.volts}, set by ${SET_BY[d.flashVoltage.setBy]}`;
}

export function describeChip(path: string, d: ChipReport, firmware?: FirmwareIdentity): string {
  const ids = flashIds(d.flashId);
  const lines: [string, string][] = [
    ["port", path],
    [
      "chip",
      `${d.chipName}${d.revision !== undefined && !d.chipName.includes("revision") ? ` (revision ${d.revision})` : ""}`,
    ],
    ["family", d.family],
    ["features", d.features?.join(", ") ?? "unknown"],
    ["crystal", crystalLine(d)],
    ["MAC", d.mac],
    ...(d.chipId !== undefined
      ? [["chip ID", `0x${d.chipId.toString(16).padStart(8, "0")}`] as [string, string]]
      : []),
    ["USB", d.usb],
    [
      "flash ID",
      `manufacturer ${ids.manufacturer}, device ${ids.device} (as esptool flash-id prints them)`,
    ],
    ["flash size", d.flashSize ?? "unknown (not in esptool's tables)"],
    ...(d.flashType
      ? [
          [
            "flash type",
            `${d.flashType} (${d.flashType === "octal" ? 8 : 4} data lines), set in eFuse`,
          ] as [string, string],
        ]
      : []),
    ["flash volts", voltageLine(d)],
    ["security", securityLine(d)],
    ["firmware", describeFirmware(firmware)],
  ];
  return lines.map(([label, text]) => `${label.padEnd(12)}${text}`).join("\n");
}

export interface ReadCommandOptions extends DeviceCommandOptions {
  output: string;
}

export async function readCommand(
  offsetText: string,
  lengthText: string,
  options: ReadCommandOptions,
  ctx: Context,
): Promise<number> {
  const offset = parseSize(offsetText, "The offset");
  const all = /^all$/i.test(lengthText.trim());
  const length = all ? "all" : parseSize(lengthText, "The length");
  if (length === 0)
    throw new CliError(
      "usage",
      "The length is 0.",
      "Give how many bytes to read, e.g. 0x100000 or 1M, or all (to the end of the flash).",
    );
  // Where the file goes is checked before the board is touched, not after a long read.
  await checkWritable(options.output);
  const port = await onePort(ctx, options.port);
  const bar = ctx.progress.board("read");
  const started = Date.now();
  let restart: Restart | undefined;
  const { data, md5, device } = await readFlash({
    ...common(ctx, port, options),
    offset,
    length,
    onProgress: (done, total) => bar.update("reading", done, total),
    onRestart: (r) => (restart = r),
  });
  bar.stop();
  ctx.progress.stop();
  await writeOutput(options.output, data);
  const elapsedMs = Date.now() - started;
  if (ctx.json)
    ctx.result({
      ok: true,
      exitCode: EXIT.ok,
      port: port.path,
      offset,
      length: data.length,
      file: options.output,
      md5,
      chip: device.chipName,
      elapsedMs,
      ...(restart ? { restart } : {}),
    });
  else
    ctx.say(
      `Read ${data.length} bytes from 0x${offset.toString(16)}${all ? ` (to the end of the ${device.flashSize} flash)` : ""} of ${device.chipName} into ${options.output} (MD5 ${md5}, checked against the chip) in ${(elapsedMs / 1000).toFixed(1)} s.`,
    );
  sayRestart(ctx, restart);
  return EXIT.ok;
}

/** The output's folder exists and can be written, and the output is not a folder. */
async function checkWritable(file: string) {
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory())
    throw new CliError(
      "file-unwritable",
      `${file} is a folder.`,
      "Give a file name for the backup, e.g. backup.bin.",
    );
  try {
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      "file-unwritable",
      code === "ENOENT"
        ? `The folder ${dirname(file)} does not exist, so ${file} cannot be written.`
        : `${file} cannot be written here (${code ?? String(error)}).`,
      code === "ENOENT" ? "Create the folder first, or pick another path." : "Pick another path.",
    );
  }
}

async function writeOutput(file: string, data: Uint8Array) {
  try {
    await writeFile(file, data);
  } catch (error) {
    throw new CliError(
      "file-unwritable",
      `The flash was read, but ${file} could not be written: ${(error as Error).message}`,
      "Pick another path and read again.",
    );
  }
}

export async function eraseCommand(options: DeviceCommandOptions, ctx: Context): Promise<number> {
  const port = await onePort(ctx, options.port);
  ctx.say(`Erasing the whole flash on ${port.path}…`);
  let restart: Restart | undefined;
  const { device, elapsedMs } = await eraseFlash({
    ...common(ctx, port, options),
    onRestart: (r) => (restart = r),
  });
  if (ctx.json)
    ctx.result({
      ok: true,
      exitCode: EXIT.ok,
      port: port.path,
      erased: true,
      chip: device.chipName,
      ...(device.flashSize ? { flashSize: device.flashSize } : {}),
      elapsedMs,
      ...(restart ? { restart } : {}),
    });
  else
    ctx.say(
      `Erased the ${device.flashSize ?? ""} flash of ${device.chipName} in ${(elapsedMs / 1000).toFixed(1)} s.`,
    );
  sayRestart(ctx, restart);
  return EXIT.ok;
}
