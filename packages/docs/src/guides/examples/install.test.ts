// Runs the Core API guide's example (install.ts) against a virtual board and real HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeSampleFirmware, VirtualEsp, VirtualSerialPort } from "@esp-flash/virtual-device";
import { install } from "./install.js";

const firmware = makeSampleFirmware("micropython-esp8266"); // header says 1MB
const manifest = {
  name: "MicroPython",
  builds: [{ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] }],
};
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/manifest.json") res.end(JSON.stringify(manifest));
    else if (req.url === "/fw.bin") res.end(firmware.parts[0]!.data);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("the guide's install() flashes MicroPython onto a 4MB ESP8266 and it boots clean", async () => {
  const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
  const lines: string[] = [];
  const result = await install(new VirtualSerialPort(device), `${base}/manifest.json`, (line) =>
    lines.push(line),
  );

  expect(result.outcome).toBe("flashed");
  expect(lines).toContain("fw.bin: header 1MB → 4MB");
  expect(lines).toContain("fw.bin: verified");
  expect(lines.some((l) => /^Found ESP8266.*4MB flash$/.test(l))).toBe(true);
  expect(device.flash.read(0, 4)[3]).toBe(0x40);
  expect(device.lastBoot).toMatchObject({ ok: true, headerFlashSize: "4MB" });
});
