// Request vectors from the chips' published protocols (AN571, Linux ch341.c, USB CDC PSTN),
// written out by hand, so the decoders are checked against the documents, not a client.
import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../device/virtual-esp.js";
import { installVirtualUsb } from "./install.js";
import { VirtualUsbDevice } from "./virtual-usb-device.js";

const vendorDevice = { requestType: "vendor", recipient: "device" } as const;
const vendorIface = { requestType: "vendor", recipient: "interface", index: 0 } as const;
const classIface = { requestType: "class", recipient: "interface", index: 0 } as const;

async function opened(
  kind: "cp2102" | "ch340" | "usb-jtag-serial",
  chip: "ESP8266" | "ESP32" | "ESP32-S3" = "ESP8266",
) {
  const esp = new VirtualEsp({
    chip,
    ...(kind === "usb-jtag-serial" ? { usb: "usb-jtag-serial" as const } : {}),
  });
  const dev = new VirtualUsbDevice(esp, kind);
  await dev.open();
  return { esp, dev };
}

describe("VirtualUsbDevice", () => {
  it("held by another tab: claimInterface fails as Chrome's does; refused access: open() does", async () => {
    const esp = new VirtualEsp({ chip: "ESP32" });
    const dev = new VirtualUsbDevice(esp, "cp2102");
    dev.accessDenied = true;
    const denied = await dev.open().catch((e: DOMException) => e);
    expect(denied).toMatchObject({
      name: "SecurityError",
      message: expect.stringMatching(/Access denied/),
    });
    expect(dev.opened).toBe(false);
    dev.accessDenied = false;
    await dev.open();
    dev.heldElsewhere = true;
    const busy = await dev.claimInterface(0).catch((e: DOMException) => e);
    expect(busy).toMatchObject({
      name: "NetworkError",
      message: expect.stringMatching(/Unable to claim interface/),
    });
    dev.heldElsewhere = false;
    await dev.claimInterface(0);
  });

  it("CH340: Linux ch341.c's 115200 and 921600 divisors give those rates; MODEM_CTRL is active-low", async () => {
    const { dev } = await opened("ch340");
    expect(
      (await dev.controlTransferIn({ ...vendorDevice, request: 0x5f, value: 0, index: 0 }, 2))
        .status,
    ).toBe("ok");
    await dev.controlTransferOut({ ...vendorDevice, request: 0xa1, value: 0, index: 0 });
    // ch341_get_divisor(115200) = 0xcc03, with bit 7 for chip version > 0x27.
    await dev.controlTransferOut({ ...vendorDevice, request: 0x9a, value: 0x1312, index: 0xcc83 });
    expect(dev.line.baud).toBeCloseTo(115384.6, 0);
    await dev.controlTransferOut({ ...vendorDevice, request: 0x9a, value: 0x1312, index: 0xf387 });
    expect(dev.line.baud).toBeCloseTo(923076.9, 0);
    await dev.controlTransferOut({
      ...vendorDevice,
      request: 0xa4,
      value: ~0x20 & 0xffff,
      index: 0,
    });
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, false]);
    await dev.controlTransferOut({
      ...vendorDevice,
      request: 0xa4,
      value: ~0x60 & 0xffff,
      index: 0,
    });
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, true]);
    expect(
      (await dev.controlTransferOut({ ...vendorDevice, request: 0x77, value: 0, index: 0 })).status,
    ).toBe("stall");
  });

  it("CP2102: AN571 IFC_ENABLE, SET_BAUDRATE (4-byte data), SET_MHS with masks; data flows only when enabled", async () => {
    const { dev, esp } = await opened("cp2102", "ESP32");
    await expect(
      dev.controlTransferOut({ ...vendorIface, request: 0x00, value: 1 }),
    ).rejects.toThrow(/claimed/);
    await dev.claimInterface(0);
    expect(dev.line.enabled).toBe(false);
    await dev.controlTransferOut({ ...vendorIface, request: 0x00, value: 1 });
    await dev.controlTransferOut(
      { ...vendorIface, request: 0x1e, value: 0 },
      Uint8Array.of(0x00, 0x10, 0x0e, 0x00),
    );
    expect(dev.line.baud).toBe(921600);
    expect(
      new Uint8Array(
        (await dev.controlTransferIn({ ...vendorIface, request: 0x1d, value: 0 }, 4)).data!.buffer,
      ),
    ).toEqual(Uint8Array.of(0, 0x10, 0x0e, 0));
    await dev.controlTransferOut({ ...vendorIface, request: 0x07, value: 0x0303 });
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, true]);
    await dev.controlTransferOut({ ...vendorIface, request: 0x07, value: 0x0200 }); // RTS off, DTR untouched
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, false]);
    await dev.controlTransferOut(
      { ...vendorIface, request: 0x1e, value: 0 },
      Uint8Array.of(0x00, 0xc2, 0x01, 0x00),
    );
    expect(dev.line.baud).toBe(115200);
    // The ESP32 ROM's banner at 115200 comes through unchanged (an ESP8266's at 74880 would not).
    esp.reset("download");
    const got = await dev.transferIn(1, 4096);
    expect(new TextDecoder().decode(got.data!)).toContain("waiting for download");
    await expect(dev.transferIn(2, 64)).rejects.toThrow(/endpoint/);
  });

  it("USB-JTAG-serial: CDC SET_LINE_CODING / SET_CONTROL_LINE_STATE on interface 0", async () => {
    const { dev } = await opened("usb-jtag-serial", "ESP32-S3");
    await dev.claimInterface(0);
    await dev.claimInterface(1);
    await dev.controlTransferOut(
      { ...classIface, request: 0x20, value: 0 },
      Uint8Array.of(0x00, 0x10, 0x0e, 0x00, 0, 0, 8),
    );
    expect(dev.line.baud).toBe(921600);
    await dev.controlTransferOut({ ...classIface, request: 0x22, value: 0x0001 });
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, false]);
    expect(
      (await dev.controlTransferOut({ ...classIface, index: 1, request: 0x22, value: 0 })).status,
    ).toBe("stall");
  });

  it("FT232R: ftdi_sio's divisors (eighths of 3 MHz / baud), masked MODEM_CTRL, two status bytes per IN packet", async () => {
    const esp = new VirtualEsp({ chip: "ESP32" });
    const dev = new VirtualUsbDevice(esp, "ft232r");
    await dev.open();
    await dev.claimInterface(0);
    // ftdi_232bm_baud_base_to_divisor(921600) = 3 + ¼ → 0x8003; 115200 = 26 → 0x001a.
    await dev.controlTransferOut({ ...vendorDevice, request: 0x03, value: 0x8003, index: 0 });
    expect(dev.line.baud).toBeCloseTo(923076.9, 0);
    await dev.controlTransferOut({ ...vendorDevice, request: 0x03, value: 0x001a, index: 0 });
    expect(dev.line.baud).toBeCloseTo(115384.6, 0);
    await dev.controlTransferOut({ ...vendorDevice, request: 0x04, value: 0x0008, index: 0 });
    await dev.controlTransferOut({ ...vendorDevice, request: 0x01, value: 0x0303, index: 0 });
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, true]);
    await dev.controlTransferOut({ ...vendorDevice, request: 0x01, value: 0x0200, index: 0 });
    expect([dev.line.dtr, dev.line.rts]).toEqual([true, false]);
    // Idle: a status-only packet once the latency timer (set to 2 ms) runs out.
    await dev.controlTransferOut({ ...vendorDevice, request: 0x09, value: 2, index: 0 });
    expect(new Uint8Array((await dev.transferIn(1, 4096)).data!.buffer)).toEqual(
      Uint8Array.of(0x31, 0x60),
    );
    esp.reset("download");
    const got = new Uint8Array((await dev.transferIn(1, 4096)).data!.buffer);
    const payload: number[] = [];
    for (let at = 0; at < got.length; at += 64) {
      expect([got[at], got[at + 1]]).toEqual([0x31, 0x60]);
      payload.push(...got.subarray(at + 2, at + 64));
    }
    expect(new TextDecoder().decode(Uint8Array.from(payload))).toContain("waiting for download");
  });

  it("installVirtualUsb matches filters like Chrome, fires disconnect, and a replug is a new device", async () => {
    const nav: { usb?: unknown } = {};
    const esp = new VirtualEsp({ chip: "ESP8266" });
    const installed = installVirtualUsb(
      [
        { device: esp, bridge: "ch340" },
        { device: new VirtualEsp({ chip: "ESP32" }), bridge: "cp2102" },
      ],
      { navigator: nav },
    );
    const usb = nav.usb as EventTarget & { requestDevice(o: unknown): Promise<VirtualUsbDevice> };
    expect((await usb.requestDevice({ filters: [{ vendorId: 0x10c4 }] })).productId).toBe(0xea60);
    expect(
      (await usb.requestDevice({ filters: [{ classCode: 0xff, subclassCode: 1 }] })).vendorId,
    ).toBe(0x1a86);
    await expect(usb.requestDevice({ filters: [{ productId: 1 }] })).rejects.toBeInstanceOf(
      TypeError,
    );
    await expect(usb.requestDevice({ filters: [{ vendorId: 0x0403 }] })).rejects.toThrow(
      /No device/,
    );
    const first = installed.devices[0]!;
    const gone: unknown[] = [];
    usb.addEventListener("disconnect", (e) => gone.push((e as Event & { device: unknown }).device));
    esp.inject({ kind: "disconnect", afterBytes: 0 });
    esp.receive(Uint8Array.of(0), 115200);
    expect(gone).toEqual([first]);
    esp.clearFaults();
    esp.reconnect();
    expect(installed.devices[0]).not.toBe(first);
    installed.uninstall();
    expect(nav.usb).toBeUndefined();
  });
});
