import { describe, expect, it } from "vitest";
import { NodeSerialPort, type ByteLink, type LinkEvents } from "./node-port.js";

/** A link that loops writes back and lets the test drop it, to check the Web Serial surface. */
class LoopbackPort extends NodeSerialPort {
  readonly path = "loop://";
  events: LinkEvents | undefined;
  signals: unknown[] = [];
  protected async connect(_baud: number, events: LinkEvents): Promise<ByteLink> {
    this.events = events;
    return {
      write: async (data) => events.data(data.slice()),
      setSignals: async (s) => void this.signals.push(s),
      setBaudRate: async () => undefined,
      close: async () => undefined,
    };
  }
}

describe("NodeSerialPort (Web Serial's shape)", () => {
  it("streams exist only while open; a second open is an InvalidStateError", async () => {
    const port = new LoopbackPort();
    expect(port.readable).toBeNull();
    await port.open({ baudRate: 115200 });
    await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({
      name: "InvalidStateError",
    });
    const writer = port.writable!.getWriter();
    await writer.write(new Uint8Array([1, 2, 3]));
    writer.releaseLock();
    const reader = port.readable!.getReader();
    expect(Array.from((await reader.read()).value!)).toEqual([1, 2, 3]);
    await expect(port.close()).rejects.toBeInstanceOf(TypeError); // locked, as in Chrome
    await reader.cancel();
    reader.releaseLock();
    await port.close();
    expect(port.readable).toBeNull();
  });

  it("sends every line's state on each change (serialport defaults the others to on)", async () => {
    const port = new LoopbackPort();
    await port.open({ baudRate: 115200 });
    await port.setSignals({ dataTerminalReady: false });
    await port.setSignals({ requestToSend: false });
    expect(port.signals).toEqual([
      { dataTerminalReady: false, requestToSend: true, break: false },
      { dataTerminalReady: false, requestToSend: false, break: false },
    ]);
  });

  it("a lost link errors the reader with NetworkError and fires disconnect", async () => {
    const port = new LoopbackPort();
    let disconnected = false;
    port.addEventListener("disconnect", () => (disconnected = true));
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    const pending = reader.read();
    port.events!.lost("unplugged");
    await expect(pending).rejects.toMatchObject({ name: "NetworkError" });
    expect(disconnected).toBe(true);
    expect(port.readable).toBeNull();
    expect(port.writable).toBeNull();
  });

  it("cancelling the reader discards buffered input; the next readable is fresh", async () => {
    const port = new LoopbackPort();
    await port.open({ baudRate: 115200 });
    const first = port.readable!;
    port.events!.data(new Uint8Array([9]));
    await first.cancel();
    const second = port.readable!;
    expect(second).not.toBe(first);
    port.events!.data(new Uint8Array([7]));
    expect(Array.from((await second.getReader().read()).value!)).toEqual([7]);
  });
});
