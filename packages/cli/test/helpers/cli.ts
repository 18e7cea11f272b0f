import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { track } from "./children.js";

export const PACKAGE = join(import.meta.dirname, "..", "..");
export const BIN = join(PACKAGE, "bin", "esp-flash.js");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves once stdout+stderr contain the text. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliRun>;
}

/** Spawns the built `esp-flash` as a user would (a real process: exit codes, signals, no TTY). */
export function startCli(
  args: string[],
  options: { cwd?: string; input?: string; keepStdin?: boolean } = {},
): RunningCli {
  const child = track(
    spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? PACKAGE,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    }),
  );
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
    notify();
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
    notify();
  });
  if (options.input !== undefined) child.stdin!.write(options.input);
  if (!options.keepStdin) child.stdin!.end();
  const done = new Promise<CliRun>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const waitFor = (text: string | RegExp, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const seen = () =>
        typeof text === "string" ? (stdout + stderr).includes(text) : text.test(stdout + stderr);
      if (seen()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`timed out waiting for ${String(text)}; output so far:\n${stdout}\n${stderr}`),
        );
      }, timeoutMs);
      const check = () => {
        if (!seen()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      void done.then(() => {
        if (listeners.has(check)) {
          listeners.delete(check);
          clearTimeout(timer);
          if (seen()) resolve();
          else reject(new Error(`esp-flash exited before ${String(text)}:\n${stdout}\n${stderr}`));
        }
      });
    });
  return { child, waitFor, done };
}

export function runCli(
  args: string[],
  options: { cwd?: string; input?: string } = {},
): Promise<CliRun> {
  return startCli(args, options).done;
}

export function json<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not one JSON document:\n${run.stdout}\n--- stderr ---\n${run.stderr}`,
    );
  }
}
