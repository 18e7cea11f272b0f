// The Improv firmware from the wire, byte by byte (the client side is tested in @esp-flash/core).
import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../../device/virtual-esp.js";
import { makeSampleFirmware } from "../../firmware/index.js";
import { frame } from "./frames.js";
import { improvFirmware, type ImprovFirmwareOptions } from "./firmware.js";

const fw = makeSampleFirmware("esp32-merged").merged!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rpc = (command: number, data: number[] = []) => frame(0x03, [command, data.length, ...data]);

async function board(o: ImprovFirmwareOptions = {}) {
  const device = new VirtualEsp({
    chip: "ESP32",
    flashContents: fw,
    app: improvFirmware({ bootMs: 10, scanMs: 5, connectMs: 5, ...o }),
  });
  const out: number[] = [];
  device.onTransmit((b) => out.push(...b));
  await sleep(30);
  return { device, out, text: () => new TextDecoder().decode(Uint8Array.from(out)) };
}
const hasPacket = (out: number[], packet: Uint8Array) =>
  out.some((_, i) => packet.every((b, j) => out[i + j] === b));

describe("improvFirmware", () => {
  it("answers Current State with Ready and an RPC with a bad checksum with invalid-rpc", async () => {
    const { device, out } = await board();
    device.receive(rpc(0x02), 115200);
    expect(hasPacket(out, frame(0x01, [0x02]))).toBe(true);
    const bad = rpc(0x02);
    bad[bad.length - 2]! ^= 1;
    device.receive(bad, 115200);
    expect(hasPacket(out, frame(0x02, [0x01]))).toBe(true);
    device.receive(rpc(0x7f), 115200);
    expect(hasPacket(out, frame(0x02, [0x02]))).toBe(true);
  });

  it("keeps Wi-Fi settings in flash: provisioned after a reset, forgotten after an erase", async () => {
    const { device, out } = await board();
    const ssid = [...new TextEncoder().encode("HomeNet")],
      pw = [...new TextEncoder().encode("correct horse")];
    device.receive(rpc(0x01, [ssid.length, ...ssid, pw.length, ...pw]), 115200);
    await sleep(30);
    expect(hasPacket(out, frame(0x01, [0x04]))).toBe(true);
    device.reset("flash");
    await sleep(30);
    out.length = 0;
    device.receive(rpc(0x02), 115200);
    expect(hasPacket(out, frame(0x01, [0x04]))).toBe(true);
    device.flash.eraseSector(0x9000);
    device.reset("flash");
    await sleep(30);
    out.length = 0;
    device.receive(rpc(0x02), 115200);
    expect(hasPacket(out, frame(0x01, [0x02]))).toBe(true);
  });

  it("ignores requests while booting and never with no-improv", async () => {
    const { device, out, text } = await board({ failure: "no-improv" });
    device.receive(rpc(0x02), 115200);
    await sleep(20);
    expect(hasPacket(out, frame(0x01, [0x02]))).toBe(false);
    expect(text()).toContain("No Wi-Fi credentials saved");
  });
});
