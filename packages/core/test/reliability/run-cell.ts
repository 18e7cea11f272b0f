import type { FaultSpec } from "@esp-flash/virtual-device";
import { EspFlashError, FlashSession, type FlashPlan, type FlashResult } from "../../src/index.js";
import { faultsFor, type Cell, type Target } from "./cells.js";
import { boardFor, firstDifference, flashProblems, type Board, type Firmware } from "./firmware.js";

/**
 * A session still running after this is aborted; the abort then counts as a hang. A hang guard,
 * not a speed check: a cell takes seconds on a quiet machine, but a noisy-line cell took over a
 * minute per run with 12 sessions in flight on 2 cores at load 30.
 */
export const SESSION_DEADLINE_MS = 180_000;
/** If even the abort does not end it, stop waiting: a hang. */
const HARD_DEADLINE_MS = SESSION_DEADLINE_MS + 15_000;

export type Outcome = "verified" | "typed-error+retry-ok" | "violation";

export interface CellResult {
  cell: Cell;
  faults: FaultSpec[];
  outcome: Outcome;
  violations: string[];
  /** The first run: "ok", or the error's code. */
  first: string;
  /** The first run's error message, if it failed. */
  message?: string;
  retry?: string;
  wallMs: number;
  virtualMs: number;
}

type Attempt =
  | { kind: "ok"; result: FlashResult; plan: FlashPlan | undefined }
  | { kind: "error"; error: unknown }
  | { kind: "hung" };

/** One whole flash() on the board, with a deadline so that every run ends. */
async function attempt(board: Board, fw: Firmware, baudRate?: number): Promise<Attempt> {
  const session = new FlashSession({
    port: board.hostPort ?? board.port,
    manifest: fw.manifest,
    fetch: fw.fetch,
    ...(baudRate !== undefined ? { baudRate } : {}),
    signal: AbortSignal.timeout(SESSION_DEADLINE_MS),
  });
  let plan: FlashPlan | undefined;
  session.addEventListener("plan", (e) => (plan = e.detail));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<Attempt>(
    (resolve) => (timer = setTimeout(() => resolve({ kind: "hung" }), HARD_DEADLINE_MS)),
  );
  const run = session.run().then(
    (result): Attempt => ({ kind: "ok", result, plan }),
    (error: unknown): Attempt => ({ kind: "error", error }),
  );
  try {
    return await Promise.race([run, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with a run that reported success (empty: verified-good flash). */
function successProblems(
  board: Board,
  fw: Firmware,
  run: Extract<Attempt, { kind: "ok" }>,
): string[] {
  const problems = flashProblems(board, fw, true);
  const planned = run.plan?.parts[0]?.data;
  if (!planned) problems.push("no plan event before success");
  else if (firstDifference(planned, fw.expected) >= 0)
    problems.push("the session planned other bytes than the patched image");
  const part = run.result.parts[0];
  if (!part?.verified) problems.push(`result part not verified (${JSON.stringify(part)})`);
  if (run.result.outcome !== "flashed" && run.result.outcome !== "unchanged")
    problems.push(`outcome ${run.result.outcome}`);
  if (!board.device.lastBoot?.ok)
    problems.push(`device does not boot clean: ${board.device.lastBoot?.problems.join("; ")}`);
  return problems;
}

/** What is wrong with a failure (empty: a typed error with code and advice, no stray writes). */
function errorProblems(board: Board, fw: Firmware, error: unknown): string[] {
  if (!(error instanceof EspFlashError)) return [`untyped error: ${String(error)}`];
  const problems = flashProblems(board, fw, false);
  if (error.code === "aborted")
    problems.push(`hang: still running after ${SESSION_DEADLINE_MS / 1000} s (${error.message})`);
  if (!error.code) problems.push("error without a code");
  if (!error.advice?.trim()) problems.push(`${error.code}: no advice`);
  return problems;
}

const label = (run: Attempt) =>
  run.kind === "ok"
    ? "ok"
    : run.kind === "hung"
      ? "hung"
      : run.error instanceof EspFlashError
        ? run.error.code
        : "untyped";

/** Flash once with the cell's faults; after an error clear them, replug if needed, and flash again. */
export async function runCell(cell: Cell, fw: Firmware, target: Target): Promise<CellResult> {
  const started = Date.now();
  const faults = faultsFor(cell, target);
  const board = boardFor(cell.family, cell.seed, faults, cell.usb, cell.link);
  const violations: string[] = [];
  const first = await attempt(board, fw, cell.link?.baudRate);
  let retry: Attempt | undefined;
  if (first.kind === "ok") {
    violations.push(
      ...successProblems(board, fw, first).map((p) => `success over wrong flash: ${p}`),
    );
  } else {
    violations.push(
      ...(first.kind === "hung"
        ? ["hang: the session never settled"]
        : errorProblems(board, fw, first.error)),
    );
    board.device.clearFaults();
    if (board.device.state === "disconnected") board.device.reconnect();
    retry = await attempt(board, fw, cell.link?.baudRate);
    if (retry.kind === "ok")
      violations.push(...successProblems(board, fw, retry).map((p) => `retry: ${p}`));
    else violations.push(`retry failed: ${retry.kind === "hung" ? "hung" : describe(retry.error)}`);
  }
  if (board.device.internalErrors.length)
    violations.push(
      `device internal errors: ${board.device.internalErrors.map(String).join("; ")}`,
    );
  return {
    cell,
    faults,
    outcome: violations.length
      ? "violation"
      : first.kind === "ok"
        ? "verified"
        : "typed-error+retry-ok",
    violations,
    first: label(first),
    ...(first.kind === "error" ? { message: describe(first.error) } : {}),
    ...(retry ? { retry: label(retry) } : {}),
    wallMs: Date.now() - started,
    virtualMs: Math.round(board.device.clock.elapsedMs),
  };
}

function describe(error: unknown): string {
  return error instanceof EspFlashError ? `${error.code}: ${error.message}` : String(error);
}

/** A fault-free session on this family: checks the control case and sizes byte triggers. */
export async function measure(fw: Firmware): Promise<Target & { problems: string[] }> {
  const board = boardFor(fw.family, 0, []);
  const run = await attempt(board, fw);
  const problems =
    run.kind === "ok"
      ? successProblems(board, fw, run)
      : [`control run failed: ${run.kind === "error" ? describe(run.error) : "hung"}`];
  const { hostToDevice, deviceToHost } = board.port.stats;
  return {
    offset: fw.offset,
    size: fw.expected.length,
    sessionBytes: hostToDevice + deviceToHost,
    problems,
  };
}
