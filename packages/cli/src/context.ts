import { resolvePorts, type NodeSerialPort } from "./ports/index.js";
import { createProgressView, type ProgressView } from "./progress.js";

/** What every command gets: output in the chosen form, the Ctrl-C signal, and port lookup. */
export interface Context {
  json: boolean;
  signal: AbortSignal;
  progress: ProgressView;
  /** A line for people (stdout); nothing with --json. */
  say(text: string): void;
  /** Protocol detail, with --verbose only (stderr). */
  debug(text: string): void;
  /** An error with its advice and, for flashing, what the flash now holds (stderr). */
  fail(error: { code: string; message: string; advice?: string }, state?: string): void;
  /** The one JSON document of a --json run (stdout). */
  result(value: unknown): void;
  ports(specs: string[]): Promise<NodeSerialPort[]>;
}

export interface ContextOptions {
  json?: boolean;
  verbose?: boolean;
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
  const ctx: Context = {
    json,
    signal: options.signal,
    progress,
    say: (text) => {
      if (!json) stdout.write(`${text}\n`);
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
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    ports: (specs) => resolvePorts(specs, (line) => progress.line(`note: ${line}`)),
  };
  return ctx;
}
