import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { track } from "./children.js";
import { PACKAGE } from "./cli.js";

/** A Python 3 with pyserial (Debian: python3-serial; .ci/run installs it). */
function python(): string {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(candidate, ["-c", "import serial.rfc2217"]).status === 0) return candidate;
  }
  throw new Error(
    "The RFC 2217 tests need Python 3 with pyserial (Debian: apt-get install python3-serial; .ci/run installs it).",
  );
}

/** pyserial's RFC 2217 PortManager in front of a socket:// board; its stdout records the line changes. */
export async function rfc2217Server(socketUrl: string) {
  const child = track(
    spawn(python(), [join(PACKAGE, "test", "fixtures", "rfc2217_server.py"), socketUrl], {
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const closed = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", () => reject(new Error(`rfc2217 server exited: ${out}${err}`)));
  });
  return { url: `rfc2217://127.0.0.1:${port}`, log: () => out, closed, stop: () => child.kill() };
}
