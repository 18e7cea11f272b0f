import { Transport } from "esptool-js";
import { describe, expect, it } from "vitest";
import { EchoDevice } from "../../test/helpers/echo-device.js";
import { rejection } from "../../test/helpers/rejection.js";
import { VirtualSerialPort } from "./virtual-serial-port.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

async function write(port: VirtualSerialPort<EchoDevice>, data: Uint8Array) {
  const writer = port.writable!.getWriter();
  await writer.write(data);
  writer.releaseLock();
}

async function readOnce(port: VirtualSerialPort<EchoDevice>) {
  const reader = port.readable!.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return [...(value ?? [])];
}

describe("VirtualSerialPort", () => {
  it("carries bytes both ways at the open() rate and reports the USB ids", async () => {
    const device = new EchoDevice();
    const port = new VirtualSerialPort(device);
    expect(port.readable).toBeNull();
    expect(port.getInfo()).toEqual({ usbVendorId: 0x10c4, usbProductId: 0xea60 });
    await port.open({ baudRate: 115200 });
    await write(port, bytes(1, 2, 3));
    await write(port, bytes(4));
    // Both echoes arrived before anyone read: one read gets them all, as from a UART buffer.
    expect(await readOnce(port)).toEqual([1, 2, 3, 4]);
    expect(device.received.map((r) => r.hostBaud)).toEqual([115200, 115200]);
    expect(port.stats).toEqual({ hostToDevice: 4, deviceToHost: 4 });
  });

  it("delivers to a read that is already waiting", async () => {
    const device = new EchoDevice();
    const port = new VirtualSerialPort(device);
    await port.open({ baudRate: 115200 });
    const pending = readOnce(port);
    device.send(bytes(9, 8));
    expect(await pending).toEqual([9, 8]);
  });

  it("caps each read at bufferSize", async () => {
    const device = new EchoDevice();
    const port = new VirtualSerialPort(device);
    await port.open({ baudRate: 115200, bufferSize: 3 });
    device.send(bytes(1, 2, 3, 4, 5));
    expect(await readOnce(port)).toEqual([1, 2, 3]);
    expect(await readOnce(port)).toEqual([4, 5]);
  });

  it("garbles what the device sends at another rate, and passes the new rate after setBaudRate", async () => {
    const device = new EchoDevice();
    device.baud = 74880;
    const port = new VirtualSerialPort(device);
    await port.open({ baudRate: 115200 });
    const text = new TextEncoder().encode("ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n");
    device.send(text);
    const seen = await readOnce(port);
    expect(seen.length).toBe(Math.round((text.length * 115200) / 74880));
    expect(new TextDecoder().decode(Uint8Array.from(seen))).not.toContain("boot mode");
    await port.setBaudRate(74880);
    expect(port.baudRate).toBe(74880);
    device.send(text);
    expect(await readOnce(port)).toEqual([...text]);
    await write(port, bytes(0x55));
    expect(device.received.at(-1)!.hostBaud).toBe(74880);
  });

  it("follows Web Serial's state rules", async () => {
    const port = new VirtualSerialPort(new EchoDevice());
    expect((await rejection(port.close())).name).toBe("InvalidStateError");
    expect((await rejection(port.setSignals({ dataTerminalReady: true }))).name).toBe(
      "InvalidStateError",
    );
    expect(await rejection(port.open({ baudRate: 0 }))).toBeInstanceOf(TypeError);
    await port.open({ baudRate: 115200 });
    expect((await rejection(port.open({ baudRate: 115200 }))).name).toBe("InvalidStateError");
    const reader = port.readable!.getReader();
    // A locked stream blocks close(), as in Chrome; cancelling the reader frees it.
    expect(await rejection(port.close())).toBeInstanceOf(TypeError);
    const pending = reader.read();
    await reader.cancel();
    expect((await pending).done).toBe(true);
    reader.releaseLock();
    await port.close();
    expect(port.readable).toBeNull();
    expect(port.writable).toBeNull();
  });

  it("passes only the signals given, and refuses an empty set", async () => {
    const device = new EchoDevice();
    const port = new VirtualSerialPort(device);
    await port.open({ baudRate: 115200 });
    await port.setSignals({ dataTerminalReady: false, requestToSend: true, break: undefined });
    await port.setSignals({ requestToSend: false });
    expect(device.signals).toEqual([
      { dataTerminalReady: false, requestToSend: true },
      { requestToSend: false },
    ]);
    expect(await rejection(port.setSignals({}))).toBeInstanceOf(TypeError);
  });

  it("behaves like an unplugged USB device on disconnect, and comes back on reconnect", async () => {
    const device = new EchoDevice();
    const port = new VirtualSerialPort(device);
    const events: string[] = [];
    port.addEventListener("disconnect", (e) => events.push(`${e.type}:${e.target === port}`));
    port.onconnect = () => events.push("onconnect");
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    const writer = port.writable!.getWriter();
    const pending = reader.read();
    device.unplug();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect(error.name).toBe("NetworkError");
    expect((await rejection(writer.write(bytes(1)))).name).toBe("NetworkError");
    expect(events).toEqual(["disconnect:true"]);
    expect(port.connected).toBe(false);
    expect(port.readable).toBeNull();
    await port.close(); // allowed after loss, releases the session
    expect((await rejection(port.open({ baudRate: 115200 }))).name).toBe("NetworkError");
    device.plugIn();
    expect(events).toEqual(["disconnect:true", "onconnect"]);
    await port.open({ baudRate: 115200 });
    await write(port, bytes(7));
    expect(await readOnce(port)).toEqual([7]);
  });

  it("serves esptool-js's Transport: SLIP round trip, then disconnect while its read loop runs", async () => {
    const device = new EchoDevice();
    const port = new VirtualSerialPort(device);
    const transport = new Transport(port as unknown as ConstructorParameters<typeof Transport>[0]);
    await transport.connect(115200);
    void transport.readLoop();
    await transport.write(bytes(0x01, 0xc0, 0xdb, 0x02));
    expect([...(await transport.read(1000))]).toEqual([0x01, 0xc0, 0xdb, 0x02]);
    await transport.disconnect();
    expect(port.readable).toBeNull();
    // Reopen in place, as esptool-js's changeBaudrate does on ports without setBaudRate.
    await transport.connect(230400);
    expect(port.baudRate).toBe(230400);
    await transport.disconnect();
  });
});

describe("VirtualSerialPort on a page's main thread", () => {
  it("gives the event loop turns while a host and the device answer each other nonstop", async () => {
    const port = new VirtualSerialPort(new EchoDevice());
    await port.open({ baudRate: 115200 });
    const writer = port.writable!.getWriter();
    const reader = port.readable!.getReader();
    // A timer (a page's paint, a click) waits for a turn while the host keeps the device busy;
    // without turns it would fire only after the last round trip.
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    let trips = 0;
    for (; trips < 100_000 && !timerRan; trips++) {
      await writer.write(bytes(trips & 0xff));
      await reader.read();
    }
    expect(timerRan).toBe(true);
    expect(trips).toBeLessThan(100_000);
    writer.releaseLock();
    reader.releaseLock();
    await port.close();
  });
});
