import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/**
 * Serves `root` on a free loopback port, as a static host would; `mounts` maps URL prefixes to
 * folders. `served` lists the files sent, in order.
 */
export async function serveStatic(
  root: string,
  mounts: Record<string, string> = {},
): Promise<{ origin: string; served: string[]; close(): Promise<void> }> {
  const served: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const mount = Object.keys(mounts).find((prefix) => path.startsWith(prefix));
    const base = mount ? mounts[mount]! : root;
    const rest = normalize(mount ? path.slice(mount.length) : path).replace(/^([/\\])+/, "");
    const file = join(base, rest === "" || rest.endsWith("/") ? `${rest}index.html` : rest);
    try {
      const body = await readFile(file);
      served.push(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "access-control-allow-origin": "*",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
