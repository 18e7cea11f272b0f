import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Rfc2217Client } from "../../test/helpers/rfc2217-client.js";
import { SYNC_DATA, TcpSlipClient, u32s } from "../../test/helpers/tcp-slip-client.js";
import { startVirtualEspServer, type VirtualEspServer } from "./start.js";

const dirs: string[] = [];
const servers: VirtualEspServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startVirtualEspServer>[0]) {
  const server = await startVirtualEspServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

describe("TCP serial server", () => {
  it("answers SYNC and READ_REG over a raw socket on loopback", async () => {
    const server = await start({ chip: "ESP8266", flashSize: "4MB" });
    expect(server.url).toBe(`socket://127.0.0.1:${server.port}`);
    const client = await TcpSlipClient.open(server.port);
    const sync = await client.command(0x08, SYNC_DATA);
    expect(sync.value).not.toBe(0); // the ROM, not a stub
    const magic = await client.command(0x0a, u32s(0x40001000));
    expect(magic.value >>> 0).toBe(0xfff0c101);
    await client.close();
  });

  it("takes one client at a time and gives each a freshly reset ROM", async () => {
    const server = await start({ chip: "ESP32", flashSize: "4MB" });
    const first = await TcpSlipClient.open(server.port);
    await first.command(0x08, SYNC_DATA);
    const second = await TcpSlipClient.open(server.port);
    await expect(second.command(0x08, SYNC_DATA, 0, 300)).rejects.toThrow(/no reply/);
    await first.close();
    const third = await TcpSlipClient.open(server.port);
    const magic = await third.command(0x0a, u32s(0x40001000));
    expect(magic.value >>> 0).toBe(0x00f01d83);
    await third.close();
  });

  it("keeps flash contents in --flash-file between runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "virtual-esp-"));
    dirs.push(dir);
    const file = join(dir, "flash.bin");
    writeFileSync(file, Uint8Array.from([0xe9, 0x03, 0x00, 0x20]));
    const server = await start({ chip: "ESP8266", flashSize: "1MB", flashFile: file });
    expect([...server.device.flash.read(0, 5)]).toEqual([0xe9, 0x03, 0x00, 0x20, 0xff]);
    // Program one 1 KB block at 0x1000 with the ROM's FLASH_BEGIN / FLASH_DATA.
    const client = await TcpSlipClient.open(server.port);
    await client.command(0x08, SYNC_DATA);
    const begin = await client.command(0x02, u32s(0x1000, 1, 0x400, 0x1000));
    expect(begin.data[0]).toBe(0); // status ok
    const block = new Uint8Array(0x400).map((_, i) => (i * 7) & 0xff);
    const checksum = block.reduce((c, b) => c ^ b, 0xef);
    const data = await client.command(
      0x03,
      Uint8Array.from([...u32s(0x400, 0, 0, 0), ...block]),
      checksum,
    );
    expect(data.data[0]).toBe(0);
    await client.close();
    await server.close();
    servers.length = 0;
    const saved = readFileSync(file);
    expect(saved.length).toBe(1024 * 1024);
    expect([...saved.subarray(0, 4)]).toEqual([0xe9, 0x03, 0x00, 0x20]);
    expect(saved.subarray(0x1000, 0x1400).equals(Buffer.from(block))).toBe(true);
    // The next run starts from what the last one left.
    const again = await start({ chip: "ESP8266", flashSize: "1MB", flashFile: file });
    expect(Buffer.from(again.device.flash.read(0x1000, 0x400)).equals(Buffer.from(block))).toBe(
      true,
    );
  });
});

describe("RFC 2217 server", () => {
  const rfc = (options: Parameters<typeof startVirtualEspServer>[0]) =>
    start({ ...options, protocol: "rfc2217" });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("acknowledges port settings and lets esptool's classic reset sequence reach download mode", async () => {
    const server = await rfc({ chip: "ESP32", flashSize: "4MB" });
    expect(server.url).toBe(`rfc2217://127.0.0.1:${server.port}`);
    const client = await Rfc2217Client.connect(server.port);
    client.setBaud(115200);
    client.setDtr(false);
    client.setRts(true); // EN low
    await pause(20);
    expect(server.device.state).toBe("halted");
    client.setDtr(true);
    client.setRts(false); // EN released with GPIO0 low (the "both on" step between is within EN's rise)
    await pause(150);
    expect(server.device.state).toBe("download");
    client.setDtr(false);
    await pause(20);
    expect(server.device.state).toBe("download");
    expect(client.acks.some(([cmd, ...v]) => cmd === 101 && v.join() === "0,1,194,0")).toBe(true);
    expect((await client.command(0x08, SYNC_DATA)).value).not.toBe(0);
    // Register values with 0xFF bytes pass the Telnet escaping both ways.
    expect((await client.command(0x0a, u32s(0x40001000))).value >>> 0).toBe(0x00f01d83);
    await client.close();
  });

  it("does not reset the chip when a client connects, and a port at the wrong rate hears garbage", async () => {
    const server = await rfc({ chip: "ESP32-C3", flashSize: "4MB" });
    const before = server.device.state;
    const client = await Rfc2217Client.connect(server.port);
    await pause(20);
    expect(server.device.state).toBe(before);
    server.device.reset("download");
    client.setBaud(115200);
    await client.command(0x08, SYNC_DATA);
    await client.command(0x0f, u32s(460800, 0)); // CHANGE_BAUDRATE: the chip moves, the port does not
    await expect(client.command(0x0a, u32s(0x40001000), 0, 300)).rejects.toThrow(/no reply/);
    client.setBaud(460800);
    await pause(10);
    expect((await client.command(0x0a, u32s(0x40001000))).value >>> 0).toBe(0x1b31506f);
    await client.close();
  });

  it("raw socket: an ESP8266 host syncs at 115200 and the ROM's auto-baud follows it", async () => {
    const server = await start({ chip: "ESP8266", flashSize: "4MB" });
    const client = await TcpSlipClient.open(server.port);
    await client.command(0x08, SYNC_DATA);
    expect(server.device.deviceBaud).toBe(115200);
    await client.close();
  });
});
