import { describe, expect, it } from "vitest";
import { autoBaudCap } from "./baud.js";

describe("autoBaudCap: the default cap comes from the bridge's USB ids", () => {
  it.each([
    ["CP210x (CP2102N; a CP2102 has the same ids)", 0x10c4, 0xea60, 3_000_000],
    ["CH340", 0x1a86, 0x7523, 2_000_000],
    ["CH9102", 0x1a86, 0x55d4, 4_000_000],
    ["CH343", 0x1a86, 0x55d3, 6_000_000],
    ["FT232R", 0x0403, 0x6001, 3_000_000],
    ["PL2303 (not listed)", 0x067b, 0x2303, 921600],
    ["another WCH part (not listed)", 0x1a86, 0x5523, 921600],
  ])("%s", (_name, usbVendorId, usbProductId, cap) => {
    expect(autoBaudCap({ usbVendorId, usbProductId })).toBe(cap);
  });

  it("a port without USB ids (socket://, a pty) stays at 921600", () => {
    expect(autoBaudCap({})).toBe(921600);
  });
});
