import {
  FlashSession,
  type DeviceInfo,
  type FlashError,
  type FlashResult,
  type FlashStep,
  type ManifestBuild,
  FlashError as CoreFlashError,
} from "@esp-flash/core";
import { CliError, describeError, exitCodeFor, EXIT, flashStateAfter } from "../errors.js";
import { fetchWithFiles, flashInput, type FlashSettings } from "../inputs.js";
import type { NodeSerialPort } from "../ports/index.js";
import type { BoardProgress } from "../progress.js";
import type { Context } from "../context.js";
import { report } from "./flash-report.js";

export interface FlashCommandOptions extends FlashSettings {
  port: string[];
  baud: number;
  erase?: boolean;
  force?: boolean;
  build?: string;
}

/** One board's outcome, as the summary table and --json show it. */
export interface BoardOutcome {
  port: string;
  ok: boolean;
  outcome?: FlashResult["outcome"];
  chip?: string;
  mac?: string;
  flashSize?: string;
  patches: string[];
  bytesWritten: number;
  baudRate?: number;
  elapsedMs: number;
  /** How the final reset went, and what to tell when it did not simply restart the board. */
  restart?: FlashResult["restart"];
  note?: string;
  error?: { code: string; message: string; advice?: string; step: FlashStep };
  /** What the flash holds after a failure or Ctrl-C. */
  flashState?: string;
  exitCode: number;
}

export async function flashCommand(
  files: string[],
  options: FlashCommandOptions,
  ctx: Context,
): Promise<number> {
  const input = await flashInput(files, options);
  const ports = await ctx.ports(options.port);
  ctx.say(
    `Flashing ${input.name ? `${input.name} (${input.source})` : input.source} on ${ports.length === 1 ? ports[0]!.path : `${ports.length} boards`}.`,
  );
  const outcomes = await Promise.all(
    ports.map((port) =>
      flashBoard(
        port,
        input.builds,
        options,
        ctx,
        ctx.progress.board(ports.length === 1 ? "flash" : port.path),
      ),
    ),
  );
  ctx.progress.stop();
  report(outcomes, ctx);
  if (ports.length === 1) return outcomes[0]!.exitCode;
  return outcomes.every((o) => o.ok)
    ? EXIT.ok
    : outcomes.some((o) => o.error?.code === "aborted")
      ? EXIT.interrupted
      : EXIT.someFailed;
}

/** Flashes one board on its own session; never throws (the outcome says what happened). */
export async function flashBoard(
  port: NodeSerialPort,
  builds: ManifestBuild[],
  options: FlashCommandOptions,
  ctx: Context,
  bar: BoardProgress,
): Promise<BoardOutcome> {
  const started = Date.now();
  const session = new FlashSession({
    port,
    builds,
    baudRate: options.baud,
    fetch: fetchWithFiles,
    signal: ctx.signal,
    ...(options.erase ? { erase: true } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.build
      ? { chooseBuild: (candidates: ManifestBuild[]) => pickBuild(candidates, options.build!) }
      : {}),
  });
  let device: DeviceInfo | undefined;
  let lastAddress: number | undefined;
  const patches: string[] = [];
  session.addEventListener("device", (e) => {
    device = e.detail;
    bar.line(
      `${device.chipName}, MAC ${device.mac}, flash ${device.flashSize ?? "unknown size"} (id 0x${device.flashId.toString(16)})${device.stub ? "" : ", ROM loader"}`,
    );
  });
  session.addEventListener("patch", (e) => {
    patches.push(`${e.detail.part}: ${e.detail.text}`);
    bar.line(`${e.detail.part} at 0x${e.detail.offset.toString(16)}: ${e.detail.text}`);
  });
  let offsets: number[] = [];
  session.addEventListener("plan", (e) => {
    offsets = e.detail.parts.map((p) => p.offset);
    if (e.detail.flashSizeNote) bar.line(e.detail.flashSizeNote);
    for (const part of e.detail.parts)
      if (part.skip)
        bar.line(
          `${part.name} at 0x${part.offset.toString(16)} is already on the chip: skipped (--force writes it anyway).`,
        );
  });
  session.addEventListener("download", (e) =>
    bar.update(`reading ${e.detail.part}`, e.detail.received, e.detail.total ?? e.detail.received),
  );
  session.addEventListener("step", (e) => {
    if (e.detail.step === "erasing") bar.update("erasing", 0, 1);
    if (e.detail.step === "verifying") bar.line("verifying");
  });
  session.addEventListener("progress", (e) => {
    lastAddress = (offsets[e.detail.partIndex] ?? 0) + e.detail.written;
    bar.update(`writing ${e.detail.part}`, e.detail.overallWritten, e.detail.overallTotal);
  });
  session.addEventListener("verify", (e) => {
    if (!e.detail.ok)
      bar.line(`${e.detail.part}: MD5 ${e.detail.actual} ≠ ${e.detail.expected}, rewriting`);
  });
  session.addEventListener("log", (e) => ctx.debug(`${port.path}: ${e.detail.line}`));
  try {
    const result = await session.run();
    bar.update(
      result.outcome === "unchanged" ? "unchanged (already on the chip)" : "verified",
      1,
      1,
    );
    bar.stop();
    return {
      port: port.path,
      ok: true,
      outcome: result.outcome,
      ...deviceFields(result.device),
      patches,
      bytesWritten: result.bytesWritten,
      baudRate: result.baudRate,
      elapsedMs: Date.now() - started,
      ...(result.restart ? { restart: result.restart } : {}),
      ...(result.note ? { note: result.note } : {}),
      exitCode: EXIT.ok,
    };
  } catch (thrown) {
    bar.stop();
    const error = chipMismatch(thrown as FlashError, options, device);
    const { code, message, advice } = describeError(error);
    const step = (thrown as FlashError).step ?? session.step;
    return {
      port: port.path,
      ok: false,
      ...(device ? deviceFields(device) : {}),
      patches,
      bytesWritten: 0,
      elapsedMs: Date.now() - started,
      error: { code, message, ...(advice ? { advice } : {}), step },
      flashState: flashStateAfter(thrown, step, lastAddress),
      exitCode: exitCodeFor(error),
    };
  }
}

function pickBuild(candidates: ManifestBuild[], name: string): ManifestBuild {
  const found = candidates.find((b) => b.name === name);
  if (found) return found;
  throw new CliError(
    "build-choice-invalid",
    `No build named '${name}' for this chip.`,
    `Builds for it: ${candidates.map((b) => `'${b.name ?? "(unnamed)"}'`).join(", ")}.`,
  );
}

/** With --chip, a board of another family is a mismatch, not a manifest without a build. */
function chipMismatch(
  error: FlashError,
  options: FlashCommandOptions,
  device: DeviceInfo | undefined,
): unknown {
  if (
    options.chip &&
    device &&
    device.family !== options.chip &&
    error instanceof CoreFlashError &&
    error.code === "no-build-for-chip"
  ) {
    return new CliError(
      "chip-mismatch",
      `--chip ${options.chip} was given, but the board is an ${device.family} (${device.chipName}). Nothing was written.`,
      "Check the board, or drop --chip.",
    );
  }
  return error;
}

const deviceFields = (d: DeviceInfo) => ({
  chip: d.chipName,
  mac: d.mac,
  ...(d.flashSize ? { flashSize: d.flashSize } : {}),
});
