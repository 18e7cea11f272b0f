import { writeFile } from "node:fs/promises";
import { eraseFlash, readChipInfo, readFlash, type ChipReport } from "../device-ops.js";
import { CliError, EXIT } from "../errors.js";
import { parseSize } from "../inputs.js";
import type { Context } from "../context.js";
import type { NodeSerialPort } from "../ports/index.js";

export interface DeviceCommandOptions {
  port: string[];
  baud: number;
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
  const device = await readChipInfo({
    port,
    baudRate: options.baud,
    signal: ctx.signal,
    log: log(ctx, port),
  });
  if (ctx.json) ctx.result({ port: port.path, ...device });
  else ctx.say(describeChip(port.path, device));
  return EXIT.ok;
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

export function describeChip(path: string, d: ChipReport): string {
  const lines = [
    `port       ${path}`,
    `chip       ${d.chipName}${d.revision !== undefined && !d.chipName.includes("revision") ? ` (revision ${d.revision})` : ""}`,
    `family     ${d.family}`,
    `features   ${d.features?.join(", ") ?? "unknown"}`,
    `MAC        ${d.mac}`,
    `flash ID   0x${d.flashId.toString(16).padStart(6, "0")} (manufacturer 0x${(d.flashId & 0xff).toString(16).padStart(2, "0")}, device 0x${((d.flashId >> 8) & 0xffff).toString(16).padStart(4, "0")})`,
    `flash size ${d.flashSize ?? "unknown (not in esptool's tables)"}`,
    `USB        ${d.usb}`,
  ];
  lines.push(`security   ${securityLine(d)}`);
  return lines.join("\n");
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
  const length = parseSize(lengthText, "The length");
  if (length === 0)
    throw new CliError(
      "usage",
      "The length is 0.",
      "Give how many bytes to read, e.g. 0x100000 or 1M.",
    );
  const port = await onePort(ctx, options.port);
  const bar = ctx.progress.board("read");
  const started = Date.now();
  const { data, md5, device } = await readFlash({
    port,
    offset,
    length,
    baudRate: options.baud,
    signal: ctx.signal,
    log: log(ctx, port),
    onProgress: (done, total) => bar.update("reading", done, total),
  });
  bar.stop();
  ctx.progress.stop();
  await writeFile(options.output, data);
  const elapsedMs = Date.now() - started;
  if (ctx.json)
    ctx.result({
      port: port.path,
      offset,
      length,
      file: options.output,
      md5,
      chip: device.chipName,
      elapsedMs,
    });
  else
    ctx.say(
      `Read ${length} bytes from 0x${offset.toString(16)} of ${device.chipName} into ${options.output} (MD5 ${md5}, checked against the chip) in ${(elapsedMs / 1000).toFixed(1)} s.`,
    );
  return EXIT.ok;
}

export async function eraseCommand(options: DeviceCommandOptions, ctx: Context): Promise<number> {
  const port = await onePort(ctx, options.port);
  ctx.say(`Erasing the whole flash on ${port.path}…`);
  const { device, elapsedMs } = await eraseFlash({
    port,
    baudRate: options.baud,
    signal: ctx.signal,
    log: log(ctx, port),
  });
  if (ctx.json)
    ctx.result({
      port: port.path,
      erased: true,
      chip: device.chipName,
      flashSize: device.flashSize,
      elapsedMs,
    });
  else
    ctx.say(
      `Erased the ${device.flashSize ?? ""} flash of ${device.chipName} in ${(elapsedMs / 1000).toFixed(1)} s.`,
    );
  return EXIT.ok;
}
