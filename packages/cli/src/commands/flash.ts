import {
  FlashSession,
  type DeviceInfo,
  type FlashError,
  type FlashStep,
  type ManifestBuild,
  FlashError as CoreFlashError,
} from "@esp-flash/core";
import {
  CliError,
  describeError,
  exitCodeFor,
  EXIT,
  flashStateAfter,
  NOTHING_WRITTEN,
} from "../errors.js";
import { fetchWithFiles, flashInput, type FlashSettings } from "../inputs.js";
import type { NodeSerialPort } from "../ports/index.js";
import type { BoardProgress } from "../progress.js";
import type { Context } from "../context.js";
import type { BoardOutcome } from "../result.js";
import { report } from "./flash-report.js";
import { nativePreparer } from "../native-preparer.js";

export interface FlashCommandOptions extends FlashSettings {
  port: string[];
  baud?: number;
  erase?: boolean;
  force?: boolean;
  build?: string;
}

export async function flashCommand(
  files: string[],
  options: FlashCommandOptions,
  ctx: Context,
): Promise<number> {
  const input = await flashInput(files, options);
  warnOffSector(input.builds, ctx);
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
  const exitCode =
    ports.length === 1
      ? outcomes[0]!.exitCode
      : outcomes.every((o) => o.ok)
        ? EXIT.ok
        : outcomes.some((o) => o.error?.code === "aborted")
          ? outcomes.find((o) => o.error?.code === "aborted")!.exitCode
          : EXIT.someFailed;
  report(outcomes, exitCode, ctx);
  return exitCode;
}

/** Failures before anything was written that a fresh session often gets past (a noisy start). */
const RETRIED_ONCE = new Set(["stub-failed", "serial-noise", "device-not-responding"]);

/**
 * Flashes one board on its own session; never throws (the outcome says what happened). A
 * failure to start the stub or a garbled start, before anything was written, is tried once
 * more on a fresh session.
 */
export async function flashBoard(
  port: NodeSerialPort,
  builds: ManifestBuild[],
  options: FlashCommandOptions,
  ctx: Context,
  bar: BoardProgress,
): Promise<BoardOutcome> {
  const started = Date.now();
  const first = await flashOnce(port, builds, options, ctx, bar, started);
  const retry =
    !first.ok &&
    !ctx.signal.aborted &&
    RETRIED_ONCE.has(first.error?.code ?? "") &&
    (first.error?.step === "connecting" || first.error?.step === "detecting") &&
    first.flashState === NOTHING_WRITTEN;
  if (!retry) return first;
  bar.line(`${first.error!.message} Nothing was written; trying once more.`);
  return flashOnce(port, builds, options, ctx, bar, started);
}

async function flashOnce(
  port: NodeSerialPort,
  builds: ManifestBuild[],
  options: FlashCommandOptions,
  ctx: Context,
  bar: BoardProgress,
  started: number,
): Promise<BoardOutcome> {
  const session = new FlashSession({
    port,
    builds,
    baudRate: options.baud,
    fetch: fetchWithFiles,
    preparer: nativePreparer,
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
  let working: FlashStep | undefined;
  session.addEventListener("step", (e) => {
    if (e.detail.step !== "error" && e.detail.step !== "aborted") working = e.detail.step;
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
  // A second Ctrl-C cannot wait for the session to wind down: what the flash holds, as known now.
  ctx.flashStateNow.set(port.path, () => flashStateAfter(undefined, working, lastAddress));
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
    const { code, message, advice } = describeError(error, port.path);
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
      exitCode: code === "aborted" && ctx.stopped ? ctx.stopped.exitCode : exitCodeFor(error),
    };
  }
}

const SECTOR = 0x1000;

/** A part off a 4 KB sector start shares that sector with what lies before it: writing erases it. */
function warnOffSector(builds: ManifestBuild[], ctx: Context) {
  const seen = new Set<number>();
  for (const part of builds.flatMap((b) => b.parts)) {
    if (part.offset % SECTOR === 0 || seen.has(part.offset)) continue;
    seen.add(part.offset);
    const start = part.offset - (part.offset % SECTOR);
    ctx.warn(
      `0x${part.offset.toString(16)} is not at the start of a 4 KB flash sector: writing there erases 0x${start.toString(16)}–0x${(part.offset - 1).toString(16)} too, whatever it holds.`,
    );
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
