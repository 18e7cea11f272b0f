import { afterEach, describe, expect, it, vi } from "vitest";
import { slipEncode } from "../protocol/slip.js";
import { NOR_TIMING } from "./clock.js";
import { USB_BRIDGES } from "./usb-link.js";
import { VirtualEsp } from "./virtual-esp.js";

function flashBegin(size: number, offset: number): Uint8Array {
  const pkt = new Uint8Array(8 + 16);
  pkt[1] = 0x02;
  pkt[2] = 16;
  new DataView(pkt.buffer).setUint32(8, size, true);
  new DataView(pkt.buffer).setUint32(12, 1, true);
  new DataView(pkt.buffer).setUint32(16, 0x1000, true);
  new DataView(pkt.buffer).setUint32(20, offset, true);
  return slipEncode(pkt);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("virtual clock", () => {
  it("charges 10 bits per byte and datasheet erase times, without waiting, in instant mode", () => {
    const device = new VirtualEsp({ chip: "ESP32" });
    device.reset("download");
    const replies: Uint8Array[] = [];
    device.onTransmit((b) => replies.push(b));
    const before = device.clock.elapsedMs;
    const request = flashBegin(0x40000, 0);
    device.receive(request, 115200);
    expect(replies).toHaveLength(1); // delivered at once
    const wireMs = ((request.length + replies[0]!.length) * 10 * 1000) / 115200;
    // The reply also waits once for the default bridge's USB packet timer (CP210x, 1 ms).
    expect(device.clock.elapsedMs - before).toBeCloseTo(
      4 * NOR_TIMING.blockEraseMs + wireMs + USB_BRIDGES.cp210x.latencyMs,
      6,
    );
  });

  it("holds replies until their virtual moment in realtime mode", () => {
    vi.useFakeTimers();
    const device = new VirtualEsp({ chip: "ESP32", timing: "realtime" });
    device.reset("download");
    vi.advanceTimersByTime(1000); // let the boot log go out
    const replies: Uint8Array[] = [];
    device.onTransmit((b) => replies.push(b));
    device.receive(flashBegin(0x40000, 0), 115200);
    expect(replies).toHaveLength(0);
    vi.advanceTimersByTime(4 * NOR_TIMING.blockEraseMs - 50);
    expect(replies).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(replies).toHaveLength(1);
  });

  it("fires a time-triggered fault on the virtual clock", () => {
    const device = new VirtualEsp({
      chip: "ESP32",
      faults: [{ kind: "disconnect", afterMs: 100 }],
    });
    device.reset("download");
    let lost = false;
    device.onDisconnect(() => (lost = true));
    device.receive(flashBegin(0x10000, 0), 115200); // 150 ms of erase
    device.receive(Uint8Array.of(0xc0), 115200);
    expect(lost).toBe(true);
    expect(device.state).toBe("disconnected");
  });
});
