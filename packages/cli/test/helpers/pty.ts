import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { track } from "./children.js";

export function requireSocat(): void {
  if (spawnSync("sh", ["-c", "command -v socat"]).status !== 0) {
    throw new Error("These tests need socat (Debian: apt-get install socat; .ci/run installs it).");
  }
}

/**
 * A real kernel pty bridged by socat to a socket:// server: `serialport` opens `path` like any
 * serial device. One bridge carries one TCP connection (the device resets into download mode
 * when it starts), and ends when the program on the pty closes it.
 */
export async function ptyBridge(
  socketUrl: string,
  dir: string,
  name = "ttyESP",
): Promise<{ path: string; close(): void; exited: Promise<void> }> {
  requireSocat();
  const { hostname, port } = new URL(socketUrl);
  const path = join(dir, name);
  const child = track(
    spawn("socat", [`PTY,link=${path},raw,echo=0`, `TCP:${hostname}:${port},nodelay`], {
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(path)) {
    child.kill();
    throw new Error(`socat made no pty at ${path}: ${stderr}`);
  }
  return { path, close: () => child.kill(), exited };
}
