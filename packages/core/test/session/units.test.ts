import { describe, expect, it } from "vitest";
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { Control, DeviceLostSignal } from "../../src/loader/control.js";
import { aborted, FlashError, toFlashError } from "../../src/session/errors.js";
import { decodeMd5Reply } from "../../src/loader/md5.js";
import { padTo4 } from "../../src/session/prepare-image.js";
import { formatBytes } from "../../src/session/describe.js";
import { PortLease } from "../../src/loader/port-lease.js";
import { EspFlashError } from "../../src/index.js";

describe("MD5 replies", () => {
  const data = new TextEncoder().encode("flash contents");
  const digest = md5(data);
  it("reads the stub's 16 raw bytes and the ROM's 32 hex characters alike", () => {
    const hex = bytesToHex(digest);
    expect(decodeMd5Reply(digest)).toBe(hex);
    expect(decodeMd5Reply(new TextEncoder().encode(hex.toUpperCase()))).toBe(hex);
  });
  it("refuses anything else", () => {
    expect(() => decodeMd5Reply(new Uint8Array(20))).toThrow(/20 bytes/);
    expect(() => decodeMd5Reply(new TextEncoder().encode("z".repeat(32)))).toThrow();
  });
});

describe("padTo4", () => {
  it("pads with 0xFF to a multiple of 4 and copies", () => {
    const input = new Uint8Array([1, 2, 3, 4, 5]);
    const out = padTo4(input);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 0xff, 0xff, 0xff]);
    const aligned = new Uint8Array(8).subarray(4);
    expect(padTo4(aligned).byteOffset).toBe(0);
  });
});

describe("formatBytes", () => {
  it("names sizes the way flash sizes are named", () => {
    expect(formatBytes(4 * 1024 * 1024)).toBe("4MB");
    expect(formatBytes(512 * 1024)).toBe("512KB");
    expect(formatBytes(1000)).toBe("1000 bytes");
  });
});

describe("toFlashError", () => {
  it("keeps the code and advice of core errors and adds the step", () => {
    const error = toFlashError(
      new EspFlashError("download-http-status", "404", "check the URL"),
      "downloading",
    );
    expect(error).toBeInstanceOf(FlashError);
    expect(error).toMatchObject({
      code: "download-http-status",
      advice: "check the URL",
      step: "downloading",
    });
  });
  it.each([
    ["Failed to connect with the device", "connecting", "connect-failed", /BOOT/],
    ["Failed to start stub. Unexpected response ", "detecting", "stub-failed", /RESET/],
    [
      "Invalid head of packet (0x41): Possible serial noise or corruption.",
      "writing",
      "serial-noise",
      /cable/,
    ],
    [
      "Serial data stream stopped: Possible serial noise or corruption.",
      "writing",
      "serial-noise",
      /cable/,
    ],
    ["No serial data received.", "writing", "device-not-responding", /plugged/],
    [
      "Failed to write compressed data to flash after seq 3 failed with status 1,8",
      "writing",
      "flash-write-failed",
      /write-protected/,
    ],
  ] as const)("maps esptool-js's %j", (message, step, code, advice) => {
    const error = toFlashError(new Error(message), step);
    expect(error.code).toBe(code);
    expect(error.advice).toMatch(advice);
    expect(error.step).toBe(step);
  });
  it("says the device was lost, with the address, when the link dropped", () => {
    const error = toFlashError(new DeviceLostSignal(), "writing", { lost: true, address: 0x1000 });
    expect(error.code).toBe("device-lost");
    expect(error.message).toMatch(/during write near 0x1000 \(unplugged\?\)/);
  });
  it("maps a busy port", () => {
    const busy = Object.assign(new Error("The port is already open."), {
      name: "InvalidStateError",
    });
    expect(toFlashError(busy, "connecting").code).toBe("port-busy");
  });
  it("has an aborted error", () => {
    expect(aborted("writing")).toMatchObject({ code: "aborted", step: "writing" });
  });
});

describe("Control", () => {
  it("ends a wait at once on abort, and on device loss", async () => {
    const never = new Promise<never>(() => {});
    const a = new Control();
    const waiting = a.run(never);
    a.controller.abort();
    await expect(waiting).rejects.toThrow();
    const b = new Control();
    const lost = b.run(never);
    b.markLost();
    await expect(lost).rejects.toBeInstanceOf(DeviceLostSignal);
    expect(b.lost).toBe(true);
  });
  it("follows an outer AbortSignal", () => {
    const outer = new AbortController();
    const ctl = new Control(outer.signal);
    outer.abort();
    expect(ctl.aborted).toBe(true);
  });
  it("passes results through", async () => {
    await expect(new Control().run(Promise.resolve(7))).resolves.toBe(7);
  });
});

describe("PortLease", () => {
  it("cuts leftover work off from the port once revoked", async () => {
    const calls: string[] = [];
    const port = {
      readable: new ReadableStream<Uint8Array>(),
      writable: new WritableStream<Uint8Array>(),
      open: async () => void calls.push("open"),
      close: async () => void calls.push("close"),
      setSignals: async () => void calls.push("signals"),
      getInfo: () => ({}),
    };
    const lease = new PortLease(port);
    expect(lease.readable).toBe(port.readable);
    lease.revoke();
    expect(lease.readable).toBeNull();
    expect(lease.writable).toBeNull();
    await lease.setSignals({ dataTerminalReady: true });
    await lease.close();
    await expect(lease.open({ baudRate: 115200 })).rejects.toThrow(/ended/);
    expect(calls).toEqual([]);
  });
});
