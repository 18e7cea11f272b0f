import type { VirtualEspOptions } from "../device/types.js";
import { VirtualEsp } from "../device/virtual-esp.js";
import { loadFlashFile, saveFlashFile } from "./flash-file.js";
import { serveSerial, type SerialServer } from "./serial-server.js";

export interface VirtualEspServerOptions extends VirtualEspOptions {
  /** TCP port on 127.0.0.1 (0 = any free one). Default 5555. */
  port?: number;
  /** Keeps flash contents between runs: loaded at start, saved after each change and on close. */
  flashFile?: string;
  log?: (line: string) => void;
  /** "raw" socket:// (default) or "rfc2217" with baud and DTR/RTS control. */
  protocol?: "raw" | "rfc2217";
}

export interface VirtualEspServer extends SerialServer {
  readonly device: VirtualEsp;
}

/** A virtual chip on socket:// or rfc2217://127.0.0.1:PORT, for esptool.py and other clients. */
export async function startVirtualEspServer(
  options: VirtualEspServerOptions,
): Promise<VirtualEspServer> {
  const { port, flashFile, log, protocol, ...deviceOptions } = options;
  const device = new VirtualEsp(deviceOptions);
  if (flashFile) {
    const saved = loadFlashFile(flashFile, device.flash.size);
    if (saved) device.flash.load(saved);
  }
  const save = flashFile ? () => saveFlashFile(flashFile, device.flash) : undefined;
  const server = await serveSerial(device, {
    ...(port !== undefined ? { port } : {}),
    ...(save ? { onQuiet: save } : {}),
    ...(log ? { log } : {}),
    ...(protocol ? { protocol } : {}),
  });
  return { device, port: server.port, url: server.url, close: server.close };
}
