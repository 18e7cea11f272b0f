import { describe, expect, it } from "vitest";
import { makeSampleFirmware, VirtualEsp, VirtualSerialPort } from "@esp-flash/virtual-device";
import { DropsOnResetPort } from "../helpers/drops-on-reset-port.js";
import { FlashSession, flash } from "../../src/index.js";
import { board, failure, manifest, record, serve } from "../helpers/session.js";

const firmware = makeSampleFirmware("esp32-parts", {
  chip: "ESP32-S3",
  flashSize: "8MB",
  size: 256 * 1024,
});
const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
const m = manifest({
  chipFamily: "ESP32-S3",
  parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
});
const app = firmware.parts.find((p) => p.name === "app")!;

describe("how a session ends", () => {
  it("a chip that drops off USB during the final reset, after every part verified, is a success with a note", async () => {
    const chip = new VirtualEsp({ chip: "ESP32-S3", usb: "usb-jtag-serial", seed: 1 });
    const port = new DropsOnResetPort(chip);
    const session = new FlashSession({ port, manifest: m, fetch: serve(files).fetch });
    session.addEventListener("step", (e) => (port.armed = e.detail.step === "resetting"));
    const result = await session.run();
    expect(chip.state).toBe("disconnected");
    expect(result.outcome).toBe("flashed");
    expect(result.parts.every((p) => p.verified)).toBe(true);
    expect(result.restart).toBe("left-usb");
    expect(result.note).toMatch(/verified; the board then left USB while restarting/);
  });

  it("a port that never carries out the final reset ends the session verified, asking for the RESET button", async () => {
    const chip = new VirtualEsp({ chip: "ESP32-S3", seed: 1 });
    // Once armed, the port takes the signal change and never answers (a driver that hangs).
    const port = new (class extends VirtualSerialPort {
      armed = false;
      override setSignals(signals: Parameters<VirtualSerialPort["setSignals"]>[0]) {
        return this.armed ? new Promise<void>(() => {}) : super.setSignals(signals);
      }
    })(chip);
    const session = new FlashSession({ port, manifest: m, fetch: serve(files).fetch });
    session.addEventListener("step", (e) => (port.armed = e.detail.step === "resetting"));
    const result = await session.run();
    expect(result.outcome).toBe("flashed");
    expect(result.parts.every((p) => p.verified)).toBe(true);
    expect(result.restart).toBe("press-reset");
    expect(result.note).toMatch(/verified, but the port did not carry out the reset.*RESET button/);
    expect(chip.flash.read(app.offset, app.data.length)).toEqual(app.data);
    expect(port.readable).toBeNull(); // released all the same
  });

  it.each(["ESP32-S3", "ESP8266"] as const)(
    "%s: a port whose reset lines do nothing (socket://, a pty) leaves the chip in the loader: press-reset, not restarted",
    async (family) => {
      const chip = new VirtualEsp({ chip: family, seed: 1 });
      // Once armed, the signal changes are taken and do nothing, as over a raw socket.
      const port = new (class extends VirtualSerialPort {
        armed = false;
        override setSignals(signals: Parameters<VirtualSerialPort["setSignals"]>[0]) {
          return this.armed ? Promise.resolve() : super.setSignals(signals);
        }
      })(chip);
      const part = makeSampleFirmware("app", { chip: family, size: 8 * 1024 }).parts[0]!;
      const session = new FlashSession({
        port,
        manifest: manifest({ chipFamily: family, parts: [{ path: "a.bin", offset: part.offset }] }),
        fetch: serve({ "a.bin": part.data }).fetch,
      });
      session.addEventListener("step", (e) => (port.armed = e.detail.step === "resetting"));
      const result = await session.run();
      expect(chip.state).toBe("stub");
      expect(result.parts.every((p) => p.verified)).toBe(true);
      expect(result.restart).toBe("press-reset");
      expect(result.note).toMatch(/RESET button/);
    },
  );

  it("a board that restarts as asked says so", async () => {
    const { port } = board({ chip: "ESP32-S3" });
    const result = await flash({ port, manifest: m, fetch: serve(files).fetch });
    expect(result).toMatchObject({ outcome: "flashed", restart: "restarted" });
    expect(result.note).toBeUndefined();
  });

  it("secure download mode is refused up front with its own code and advice, nothing written", async () => {
    const { device, port } = board({ chip: "ESP32-S3", securityFlags: 1 << 2 });
    const error = await failure(flash({ port, manifest: m, fetch: serve(files).fetch }));
    expect(error).toMatchObject({ code: "secure-download-mode", step: "detecting" });
    expect(error.advice).not.toMatch(/^Retry/);
    expect(error.advice).toMatch(/esptool/);
    expect(device.flash.read(0, 0x20000).every((b) => b === 0xff)).toBe(true);
  });

  it("other security flags alone (JTAG disabled) do not count as secure download mode", async () => {
    const { port } = board({ chip: "ESP32-S3", securityFlags: (1 << 6) | (1 << 7) });
    const result = await flash({ port, manifest: m, fetch: serve(files).fetch });
    expect(result.outcome).toBe("flashed");
  });

  it("secure boot alone is not secure download mode: the bootloader guard answers instead", async () => {
    const { port } = board({ chip: "ESP32-S3", securityFlags: 1 << 0 });
    const error = await failure(flash({ port, manifest: m, fetch: serve(files).fetch }));
    expect(error.code).toBe("secured-bootloader-write");
  });

  it("abort mid-write says which part is incomplete", async () => {
    const { port } = board({ chip: "ESP32-S3" });
    const session = new FlashSession({ port, manifest: m, fetch: serve(files).fetch });
    session.addEventListener("progress", (e) => {
      if (e.detail.part === "app.bin" && e.detail.written > 0 && e.detail.written < e.detail.total)
        session.abort();
    });
    const error = await failure(session.run());
    expect(error.code).toBe("aborted");
    expect(error.message).toMatch(
      new RegExp(
        `app\\.bin at 0x${app.offset.toString(16)} is incomplete .*the board will not start it until you install again`,
      ),
    );
    expect(error.message).toMatch(/Written completely: bootloader\.bin at 0x0/);
    expect(error.advice).toMatch(/Install again/);
    expect(error.advice).not.toMatch(/nothing .*written/i);
    expect(error.flash).toEqual({
      condition: "changed",
      erasedAll: false,
      incomplete: { name: "app.bin", offset: app.offset },
      written: [
        { name: "bootloader.bin", offset: 0 },
        { name: "partition-table.bin", offset: 0x8000 },
      ],
    });
  });

  it("abort during the final reset, after every part verified, says the firmware is installed", async () => {
    const { device, port } = board({ chip: "ESP32-S3" });
    const session = new FlashSession({ port, manifest: m, fetch: serve(files).fetch });
    session.addEventListener("step", (e) => e.detail.step === "resetting" && session.abort());
    const error = await failure(session.run());
    expect(error).toMatchObject({ code: "aborted", step: "resetting" });
    expect(error.message).toMatch(/Every part was written and verified/);
    expect(error.advice).toMatch(/installed and verified/);
    expect(error.flash).toMatchObject({ condition: "verified", erasedAll: false });
    expect(error.flash?.incomplete).toBeUndefined();
    expect(device.flash.read(app.offset, app.data.length)).toEqual(app.data);
  });

  it("a flash error mid-write names the incomplete part", async () => {
    const { port } = board({
      chip: "ESP32-S3",
      faults: [{ kind: "flash-write-error", atAddress: app.offset + 0x20000 }],
    });
    const session = new FlashSession({ port, manifest: m, fetch: serve(files).fetch });
    const events = record(session);
    const error = await failure(session.run());
    expect(error.step).toBe("writing");
    expect(error.message).toMatch(/app\.bin at 0x10000 is incomplete/);
    expect(error.flash?.incomplete).toEqual({ name: "app.bin", offset: 0x10000 });
    expect(events.some(([t]) => t === "done")).toBe(false);
  });
});
