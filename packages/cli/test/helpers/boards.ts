import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  makeSampleFirmware,
  startVirtualEspServer,
  type VirtualEspServer,
  type VirtualEspServerOptions,
} from "@esp-flash/virtual-device/node";

/** A virtual chip served on socket://127.0.0.1:<free port>, in this process so tests can look at its flash. */
export function serveBoard(
  options: Omit<VirtualEspServerOptions, "port">,
): Promise<VirtualEspServer> {
  return startVirtualEspServer({ ...options, port: 0 });
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "esp-flash-cli-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** MicroPython's released ESP8266 image layout (header qio/1MB/40m at 0x0) written to `dir`. */
export function writeMicroPython(dir: string, seed = 1): { path: string; data: Uint8Array } {
  const data = makeSampleFirmware("micropython-esp8266", { seed }).parts[0]!.data;
  const path = join(dir, "micropython.bin");
  writeFileSync(path, data);
  return { path, data };
}

export function writeManifest(dir: string, manifest: unknown, name = "manifest.json"): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

/** A loopback port nobody listens on (bound, then closed). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Bytes the image should have on a chip of `flashSizeCode` (ESP8266 header byte 3, high nibble). */
export function patchedHeader(data: Uint8Array, sizeCode: number): Uint8Array {
  const copy = data.slice();
  copy[3] = (copy[3]! & 0x0f) | sizeCode;
  return copy;
}
