import { describe, expect, it } from "vitest";
import type { SerialPortLike } from "../session/types.js";
import { resetIntoFirmware } from "./reset.js";

/** A port that records signal changes; from the `hangAt`-th change on it never answers. */
function portThat(hangAt = Infinity) {
  const signals: object[] = [];
  const port = {
    getInfo: () => ({ usbVendorId: 0x10c4, usbProductId: 0xea60 }),
    setSignals: (s: object) => {
      signals.push(s);
      return signals.length >= hangAt ? new Promise<void>(() => {}) : Promise.resolve();
    },
  } as unknown as SerialPortLike;
  return { port, signals };
}

describe("resetIntoFirmware", () => {
  it("pulses EN with IO0 released behind a USB-UART bridge", async () => {
    const { port, signals } = portThat();
    expect(await resetIntoFirmware(port)).toBe(true);
    expect(signals).toEqual([
      { dataTerminalReady: false },
      { requestToSend: true },
      { requestToSend: false },
    ]);
  });

  it("resolves false, not never, when the port stops answering mid-sequence", async () => {
    const { port, signals } = portThat(2);
    expect(await resetIntoFirmware(port)).toBe(false);
    expect(signals).toHaveLength(2);
  });
});
