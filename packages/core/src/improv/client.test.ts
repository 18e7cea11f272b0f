// The client against the virtual device's Improv firmware, over a VirtualSerialPort.
import { afterEach, describe, expect, it } from "vitest";
import {
  VirtualEsp,
  VirtualSerialPort,
  improvFirmware,
  makeSampleFirmware,
  type ImprovFirmwareOptions,
} from "@esp-flash/virtual-device";
import { ImprovError, ImprovSerial, resetIntoFirmware } from "./index.js";

const firmware = makeSampleFirmware("esp32-merged", { chip: "ESP32-C3" }).merged!;
let client: ImprovSerial | undefined;
let port: VirtualSerialPort | undefined;
afterEach(async () => {
  await client?.close();
  await port?.close().catch(() => undefined);
  client = port = undefined;
});

async function boardWith(o: ImprovFirmwareOptions = {}, withImprov = true) {
  const device = new VirtualEsp({
    chip: "ESP32-C3",
    flashContents: firmware,
    mac: "24:0a:c4:aa:bb:cc",
    ...(withImprov
      ? {
          app: improvFirmware({
            firmware: "Demo",
            version: "2.1",
            bootMs: 50,
            scanMs: 20,
            connectMs: 50,
            ...o,
          }),
        }
      : {}),
  });
  port = new VirtualSerialPort(device);
  await port.open({ baudRate: 115200 });
  const lines: string[] = [];
  client = new ImprovSerial(port, { onLine: (l) => lines.push(l), rpcTimeoutMs: 3000 });
  return { device, client, lines };
}

describe("ImprovSerial on a virtual board", () => {
  it("listen() reads what the firmware prints and sends nothing, so a MicroPython program is not interrupted", async () => {
    const heard: number[] = [];
    const device = new VirtualEsp({
      chip: "ESP32-C3",
      flashContents: firmware,
      // A MicroPython program running: it prints, and Ctrl-C (0x03) would raise KeyboardInterrupt.
      app: (io) => {
        const timer = setInterval(() => io.print("temperature 21.5"), 20);
        return { receive: (bytes) => heard.push(...bytes), stop: () => clearInterval(timer) };
      },
    });
    port = new VirtualSerialPort(device);
    await port.open({ baudRate: 115200 });
    const lines: string[] = [];
    client = new ImprovSerial(port, { onLine: (l) => lines.push(l) });
    await client.listen(300);
    expect(lines).toContain("temperature 21.5");
    expect(heard).toEqual([]);
    // What detect() sends, for contrast: Improv's frame, with Ctrl-A, Ctrl-C and Ctrl-B in it.
    await client.detect(200).catch(() => undefined);
    expect(heard.slice(6, 9)).toEqual([0x01, 0x03, 0x02]);
  });

  it("detects the firmware and reads Device Info", async () => {
    const { client } = await boardWith();
    const info = await client.detect(2000);
    expect(info).toEqual({
      firmware: "Demo",
      version: "2.1",
      chipFamily: "ESP32-C3",
      name: "virtual-esp32-c3-aabbcc",
    });
    expect(client.state).toBe("ready");
    expect(client.url).toBeUndefined();
  });

  it("scans, strongest first, with security", async () => {
    const { client } = await boardWith();
    await client.detect(2000);
    expect(await client.scan()).toEqual([
      { ssid: "HomeNet", rssi: -48, secured: true },
      { ssid: "Garden", rssi: -71, secured: true },
      { ssid: "Café Guest", rssi: -83, secured: false },
    ]);
  });

  it("provisions with the right password, reports the URL, and is still provisioned after a reset", async () => {
    const { client: first, device } = await boardWith({ url: "http://{name}.local/setup" });
    await first.detect(2000);
    const states: string[] = [];
    first.addEventListener("state", (e) => states.push((e as CustomEvent<string>).detail));
    expect(await first.provision("HomeNet", "correct horse")).toBe(
      "http://virtual-esp32-c3-aabbcc.local/setup",
    );
    expect(states).toEqual(["provisioning", "provisioned"]);
    await first.close();
    expect(await resetIntoFirmware(port!)).toBe(true);
    expect(device.state).toBe("running");
    const again = (client = new ImprovSerial(port!, { rpcTimeoutMs: 3000 }));
    await again.detect(2000);
    expect(again.state).toBe("provisioned");
    expect(again.url).toBe("http://virtual-esp32-c3-aabbcc.local/setup");
  });

  it("provisions firmware that reports no URL without waiting for one", async () => {
    const { client } = await boardWith({ url: null });
    await client.detect(2000);
    const started = Date.now();
    expect(await client.provision("Café Guest", "", 60_000)).toBeUndefined();
    expect(client.state).toBe("provisioned");
    // Waiting for a URL would take the whole timeout given (60 s).
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("says unable-to-connect for a wrong password, then joins on retry", async () => {
    const { client } = await boardWith();
    await client.detect(2000);
    const err = await client.provision("HomeNet", "wrong").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImprovError);
    expect((err as ImprovError).code).toBe("improv-unable-to-connect");
    expect(client.state).toBe("ready");
    expect(await client.provision("HomeNet", "correct horse")).toMatch(/^http:/);
  });

  it("fails to join a network that has gone, and no longer lists it", async () => {
    const { client } = await boardWith({ failure: "network-gone" });
    await client.detect(2000);
    expect((await client.scan()).length).toBe(3);
    const err = (await client
      .provision("Garden", "correct horse")
      .catch((e: unknown) => e)) as ImprovError;
    expect(err.code).toBe("improv-unable-to-connect");
    expect(await client.scan()).toEqual([]);
  });

  it("reports improv-not-detected for firmware without Improv, and keeps its log", async () => {
    const { client, lines } = await boardWith({ failure: "no-improv" });
    const err = (await client.detect(1200).catch((e: unknown) => e)) as ImprovError;
    expect(err.code).toBe("improv-not-detected");
    await resetIntoFirmware(port!);
    await new Promise((r) => setTimeout(r, 100));
    expect(lines.some((l) => l.includes("Demo 2.1 starting"))).toBe(true);
  });

  it("waits for slow-booting firmware when given the time", async () => {
    const { client } = await boardWith({ failure: "slow-boot", slowBootMs: 1500 });
    await resetIntoFirmware(port!);
    const started = Date.now();
    await client.detect(4000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it("rejects with a clear error when the board is unplugged", async () => {
    const { client, device } = await boardWith();
    await client.detect(2000);
    device.inject({ kind: "disconnect", afterBytes: 0 });
    const err = (await client.scan().catch((e: unknown) => e)) as ImprovError;
    expect(["improv-closed", "improv-port"]).toContain(err.code);
  });
});
