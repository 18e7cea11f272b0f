import { describe, expect, it } from "vitest";
import { makeSampleFirmware, VirtualSerialPort, type UsbBridge } from "@esp-flash/virtual-device";
import { FlashSession, type ChipFamily } from "../../src/index.js";
import { CappedAdapterPort } from "../helpers/capped-adapter-port.js";
import { board, chipRates, logLines as logs, manifest, record, serve } from "../helpers/session.js";

function app(chip: ChipFamily, size = 64 * 1024) {
  const part = makeSampleFirmware("app", { chip, size }).parts[0]!;
  return {
    m: manifest({ chipFamily: chip, parts: [{ path: "app.bin", offset: part.offset }] }),
    fetch: serve({ "app.bin": part.data }).fetch,
    part,
  };
}

/** A session on a board behind `usbBridge`, with the highest rate capped at `cap`. */
async function run(usbBridge: UsbBridge, cap: number | undefined, more: object = {}) {
  const { m, fetch, part } = app("ESP32");
  const { device, port } = board({ chip: "ESP32", usbBridge, ...more });
  const seen = chipRates(device);
  const session = new FlashSession({
    port,
    manifest: m,
    fetch,
    ...(cap !== undefined ? { baudRate: cap } : {}),
  });
  const events = record(session);
  const result = await session.run();
  return { device, seen, result, log: logs(events), part };
}

describe("rates above 921600 on bridges that hold them", { timeout: 120_000 }, () => {
  it("a CP2102N-class bridge asked for up to 3 Mbaud: the rate is proven by a reply, and the write goes at 3 Mbaud, verified", async () => {
    const { device, seen, result, log, part } = await run("cp2102n", 3_000_000);
    expect(result.baudRate).toBe(3_000_000);
    expect(log).toContain("Baud rate 3000000.");
    // The ESP32 ROM's divider lands within a UART's tolerance of what was asked.
    expect(seen.rates.some((r) => Math.abs(r - 3_000_000) < 30_000)).toBe(true);
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
    // Past the header (whose flash size is patched to the chip's): the bytes sent.
    expect(device.flash.read(part.offset + 4, 4096)).toEqual(part.data.subarray(4, 4100));
  });

  it("with no cap, a CP2102N-class bridge gets its 3 Mbaud: the default is the bridge's own rate", async () => {
    const { result, log } = await run("cp2102n", undefined);
    expect(result.baudRate).toBe(3_000_000);
    expect(log).toContain("Baud rate 3000000.");
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
  });

  it("with no cap, a CP2102 behind the same ids: one attempt at 3 Mbaud, its cost in the log, then 921600, verified", async () => {
    const { result, log, seen } = await run("cp2102", undefined);
    expect(result.baudRate).toBe(921600);
    expect(log).toContain("The link does not hold 3000000 baud; trying a lower rate.");
    expect(log.filter((l) => /^Trying 3000000 baud cost \d+\.\d s/.test(l))).toHaveLength(1);
    // Never tried again after the reset that undid it.
    expect(seen.rates.filter((r) => r > 921600 * 1.01).length).toBeLessThanOrEqual(1);
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
  });

  it("with no cap, a CH340 is tried at its datasheet's 2 Mbaud, not 3, and holds it", async () => {
    const { result, seen } = await run("ch340", undefined);
    expect(result.baudRate).toBe(2_000_000);
    expect(seen.rates.every((r) => r < 2_000_000 * 1.01)).toBe(true);
    expect(result.parts[0]).toMatchObject({ verified: true });
  });

  it("a CH340 asked for 2 Mbaud holds it (its datasheet maximum)", async () => {
    const { result } = await run("ch340", 2_000_000);
    expect(result.baudRate).toBe(2_000_000);
    expect(result.parts[0]).toMatchObject({ verified: true });
  });

  it("a cap of 921600 keeps a CP2102N at 921600: nothing higher is tried", async () => {
    const { result, seen } = await run("cp2102n", 921600);
    expect(result.baudRate).toBe(921600);
    expect(seen.rates.every((r) => r < 921600 * 1.01)).toBe(true);
  });
});

describe("faults of fast links end verified or with a clear error", { timeout: 120_000 }, () => {
  it("a bridge that lies about its rate (sold as CP2102N, garbles above 1 Mbaud): falls back to 921600, verified", async () => {
    const { result, log } = await run("cp2102n", 3_000_000, { bridgeMaxBaud: 1_000_000 });
    expect(result.baudRate).toBe(921600);
    expect(log).toContain("The link does not hold 3000000 baud; trying a lower rate.");
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
  });

  it("a rate change the chip accepts but the host's adapter cannot follow: falls back, verified", async () => {
    const { m, fetch, part } = app("ESP32");
    const { device, port } = board({ chip: "ESP32", usbBridge: "cp2102n" });
    const capped = new CappedAdapterPort(port, 921600);
    const session = new FlashSession({ port: capped, manifest: m, fetch, baudRate: 3_000_000 });
    const events = record(session);
    const result = await session.run();
    expect(result.baudRate).toBe(921600);
    expect(logs(events)).toContain("The link does not hold 3000000 baud; trying a lower rate.");
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
    // Past the header (whose flash size is patched to the chip's): the bytes sent.
    expect(device.flash.read(part.offset + 4, 4096)).toEqual(part.data.subarray(4, 4100));
  });
});

describe(
  "a board whose reset lines do nothing (no auto-reset circuit)",
  { timeout: 120_000 },
  () => {
    /** DTR/RTS reach nothing: the board was put into download mode by hand (BOOT + RESET). */
    class NoResetPort extends VirtualSerialPort {
      override async setSignals() {}
    }

    it.each(["ESP32", "ESP8266"] as const)(
      "%s behind a CP2102, asked for 3 Mbaud: no reset was seen, so nothing above 921600 is tried, the log says why, and it flashes verified",
      async (chip) => {
        const { m, fetch } = app(chip);
        const { device } = board({ chip, usbBridge: "cp2102" });
        device.reset("download");
        const seen = chipRates(device);
        const session = new FlashSession({
          port: new NoResetPort(device),
          manifest: m,
          fetch,
          baudRate: 3_000_000,
        });
        const events = record(session);
        const result = await session.run();
        expect(
          logs(events).filter((l) => /^Not trying above 921600 baud: no boot output/.test(l)),
        ).toHaveLength(1);
        expect(seen.rates.every((r) => r < 921600 * 1.01)).toBe(true);
        expect(result.baudRate).toBe(921600);
        expect(result.parts[0]).toMatchObject({ written: true, verified: true });
      },
    );

    /** Resets the chip on the first connect only: the circuit (or the port) stops working later. */
    class ResetOncePort extends VirtualSerialPort {
      #pulses = 0;
      override async setSignals(signals: Parameters<VirtualSerialPort["setSignals"]>[0]) {
        // esptool-js's classic reset is three line changes; the first attempt's pulse gets through.
        if (++this.#pulses <= 3) await super.setSignals(signals);
      }
    }

    it("a reset that worked once, then not when a rate failed: the error says the chip is stuck at that rate and how to recover; nothing written", async () => {
      const { m, fetch } = app("ESP32");
      const { device } = board({ chip: "ESP32", usbBridge: "cp2102" });
      const session = new FlashSession({ port: new ResetOncePort(device), manifest: m, fetch });
      const error = await session.run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: "connect-failed",
        message: expect.stringMatching(/switched to 3000000 baud, which this link does not carry/),
        advice: expect.stringMatching(/Press RESET.*921600 or less/),
      });
      expect(device.deviceBaud).toBeGreaterThan(921600 * 1.01); // where the attempt left it
      expect(device.flash.usedSectors).toBe(0);
    });
  },
);

describe("a proven fast link that starts garbling mid-write", { timeout: 120_000 }, () => {
  it("falls back once to 921600, goes on from the first 64 KB the flash does not hold (found by MD5), and verifies; the cost is logged", async () => {
    const { m, fetch, part } = app("ESP32", 1024 * 1024);
    const { device, port } = board({
      chip: "ESP32",
      usbBridge: "cp2102n",
      // Marginal above 1 Mbaud once warm: clean while the rate is proven, garbled from mid-write on.
      faults: [{ kind: "corrupt", rate: 0.01, aboveBaud: 1_000_000, afterBytes: 400_000 }],
    });
    // Where the chip programs, from the moment the rate falls back.
    const programmed: number[] = [];
    let fellBack = false;
    const program = device.flash.program.bind(device.flash);
    device.flash.program = (address: number, data: Uint8Array) => {
      if (fellBack) programmed.push(address);
      return program(address, data);
    };
    const session = new FlashSession({ port, manifest: m, fetch });
    session.addEventListener("log", (e) => {
      if (/^Writing .* failed at 3000000 baud/.test(e.detail.line)) fellBack = true;
    });
    const events = record(session);
    const result = await session.run();
    const log = logs(events);
    expect(log).toContain("Baud rate 3000000.");
    expect(log.some((l) => /^Writing .* failed at 3000000 baud .*going back/.test(l))).toBe(true);
    const back = log
      .map((l) =>
        /^Back at 921600 baud after \d+\.\d s; writing .* again from 0x([0-9a-f]+) \(the (\d+) KB before it are on the flash already\)\.$/.exec(
          l,
        ),
      )
      .find(Boolean);
    expect(back, log.join("\n")).toBeTruthy();
    const from = Number.parseInt(back![1]!, 16);
    expect((from - part.offset) % 0x10000).toBe(0);
    expect(from).toBeGreaterThan(part.offset);
    // Nothing before the resume point was programmed again.
    expect(programmed.length).toBeGreaterThan(0);
    expect(Math.min(...programmed)).toBeGreaterThanOrEqual(from);
    expect(result.baudRate).toBe(921600);
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
    // Either side of the resume point, the bytes sent (the image's end holds its patched digest).
    const around = from - part.offset - 0x10000;
    expect(device.flash.read(part.offset + around, 0x20000)).toEqual(
      part.data.subarray(around, around + 0x20000),
    );
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
  });
});

describe("the chip's own USB has no baud rate", { timeout: 120_000 }, () => {
  it.each([
    ["ESP32-C3", "usb-jtag-serial"],
    ["ESP32-S2", "usb-otg"],
  ] as const)("%s over %s: no CHANGE_BAUDRATE, said so, verified", async (chip, usb) => {
    const { m, fetch } = app(chip);
    const { device, port } = board({ chip, usb, usbReenumerateMs: 30 });
    const session = new FlashSession({ port, manifest: m, fetch, baudRate: 3_000_000 });
    const events = record(session);
    const result = await session.run();
    expect(logs(events)).toContain("The chip's own USB carries the bytes: no baud rate to change.");
    expect(logs(events).some((l) => /^Baud rate /.test(l))).toBe(false);
    expect(result.baudRate).toBe(115200);
    expect(result.device.usb).toBe(usb);
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
    expect(device.internalErrors).toEqual([]);
  });
});
