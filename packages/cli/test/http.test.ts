import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { serveBoard } from "./helpers/boards.js";
import { json, runCli } from "./helpers/cli.js";

const firmware = makeSampleFirmware("micropython-esp8266", { seed: 12 }).parts[0]!.data;
const manifest = {
  name: "MicroPython",
  builds: [{ chipFamily: "ESP8266", parts: [{ path: "fw/micropython.bin", offset: 0 }] }],
};
const requests: string[] = [];
const web = createServer((req, res) => {
  requests.push(req.url ?? "");
  if (req.url === "/site/manifest.json")
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(manifest));
  else if (req.url === "/site/fw/micropython.bin")
    res
      .writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": firmware.length,
      })
      .end(firmware);
  else res.writeHead(404, { "content-type": "text/html" }).end("<!doctype html><p>not here</p>");
});
afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

describe("flash from a manifest URL", () => {
  it("downloads the manifest and its parts (relative to it) and flashes them, patched and verified", async () => {
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const board = await serveBoard({ chip: "ESP8266", flashSize: "4MB" });
    try {
      const run = await runCli([
        "--json",
        "flash",
        `${base}/site/manifest.json`,
        "--port",
        board.url,
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(json(run)).toMatchObject({
        ok: true,
        outcome: "flashed",
        patches: ["fw/micropython.bin: header 1MB → 4MB"],
      });
      expect(requests).toEqual(["/site/manifest.json", "/site/fw/micropython.bin"]);
      expect(board.device.flash.read(4, firmware.length - 4)).toEqual(firmware.subarray(4));
      const missing = await runCli(["flash", `${base}/nowhere/manifest.json`, "--port", board.url]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain("answered 404");
    } finally {
      await board.close();
    }
  });
});
