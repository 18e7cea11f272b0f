import { resolvePorts, type NodeSerialPort } from "./ports/index.js";
import { createProgressView, type ProgressView } from "./progress.js";
import type { CliCommand, CliErrorDetail, CliOutcome } from "./result.js";

/** What every command gets: output in the chosen form, the stop signal, and port lookup. */
export interface Context {
  json: boolean;
  command: CliCommand | null;
  signal: AbortSignal;
  progress: ProgressView;
  /** A line for people (stdout); nothing with --json. */
  say(text: string): void;
  /** A warning for people (stderr), also collected for the JSON document's `warnings`. */
  warn(text: string): void;
  /** Protocol detail, with --verbose only (stderr). */
  debug(text: string): void;
  /** An error with its advice and, for flashing, what the flash now holds (stderr). */
  fail(error: CliErrorDetail, state?: string): void;
  /**
   * The one JSON document of a --json run (stdout): `command` and the warnings so far are added.
   * Printed at most once.
   */
  result<T extends Omit<CliOutcome, "command">>(value: T): void;
  /** True once the JSON document was printed. */
  readonly resultPrinted: boolean;
  /**
   * What the flash holds right now, per board, for a stop that cannot wait for the command to
   * wind down (a second Ctrl-C): commands keep it current.
   */
  flashStateNow: Map<string, () => string>;
  /** Set when a signal stopped the command: its exit code and what to say. */
  stopped?: { exitCode: number; said: string };
  ports(specs: string[]): Promise<NodeSerialPort[]>;
}

export interface ContextOptions {
  json?: boolean;
  verbose?: boolean;
  command: CliCommand | null;
  signal: AbortSignal;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

export function createContext(options: ContextOptions): Context {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const json = options.json ?? false;
  const mode = json ? "silent" : stderr.isTTY ? "tty" : "plain";
  const progress = createProgressView(mode, stderr);
  const warnings: string[] = [];
  let printed = false;
  const ctx: Context = {
    json,
    command: options.command,
    signal: options.signal,
    progress,
    say: (text) => {
      if (!json) stdout.write(`${text}\n`);
    },
    warn: (text) => {
      warnings.push(text);
      if (!json) progress.line(`warning: ${text}`);
    },
    debug: (text) => {
      if (options.verbose) stderr.write(`  ${text}\n`);
    },
    fail: (error, state) => {
      if (json) return;
      stderr.write(`error: ${error.message}\n`);
      if (error.advice) stderr.write(`  ${error.advice}\n`);
      if (state) stderr.write(`  ${state}\n`);
    },
    result: (value) => {
      if (printed) return;
      printed = true;
      const { ok, exitCode, ...rest } = value;
      const document = {
        ok,
        exitCode,
        command: options.command,
        ...rest,
        ...(warnings.length ? { warnings } : {}),
      };
      stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    },
    get resultPrinted() {
      return printed;
    },
    flashStateNow: new Map(),
    ports: (specs) => resolvePorts(specs, (line) => progress.line(`note: ${line}`)),
  };
  return ctx;
}
