// Every process a test starts (the CLI, `virtual-esp serve`, socat, pyserial's RFC 2217 server)
// ends when its test ends, passed, failed or timed out: test/helpers/end-children.ts kills
// what is left after each test and when the test process exits.
import type { ChildProcess } from "node:child_process";

const running = new Set<ChildProcess>();

/** Registers a child so that it cannot outlive the test that started it. */
export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** Kills every child still running (SIGKILL: a test that got here is over). */
export function killRemaining(): number {
  let killed = 0;
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      killed++;
    }
  }
  running.clear();
  return killed;
}

/** How many tracked children are still running. */
export const stillRunning = (): number =>
  [...running].filter((child) => child.exitCode === null && child.signalCode === null).length;
