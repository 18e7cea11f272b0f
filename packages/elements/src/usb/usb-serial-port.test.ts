// The WebUSB port on its own, against virtual USB chips: Web Serial's rules for streams and
// close, an unplug surfaced as Web Serial surfaces it, and which chip gets which driver.
import { expect } from "@open-wc/testing";
import { VirtualEsp, VirtualUsbDevice, type UsbBridgeKind } from "@esp-flash/virtual-device";
import { USB_BRIDGES, bridgeFor } from "./bridges.js";
import { ch34xDivisor } from "./ch34x.js";
import { USB_FILTERS } from "./filters.js";
import { ftdiDivisor } from "./ftdi.js";
import { UnsupportedBridgeError, UsbSerialPort } from "./usb-serial-port.js";
import type { UsbDeviceLike } from "./usb-types.js";

function board(kind: UsbBridgeKind, chip: "ESP32" | "ESP32-S3" = "ESP32") {
  const esp = new VirtualEsp({
    chip,
    ...(kind === "usb-jtag-serial" ? { usb: "usb-jtag-serial" as const } : {}),
  });
  const usb = new EventTarget();
  const dev = new VirtualUsbDevice(esp, kind);
  return { esp, dev, usb, port: new UsbSerialPort(dev as unknown as UsbDeviceLike, usb) };
}

async function readText(port: UsbSerialPort, until: string): Promise<string> {
  const reader = port.readable!.getReader();
  let text = "";
  try {
    while (!text.includes(until)) text += new TextDecoder().decode((await reader.read()).value);
  } finally {
    reader.releaseLock();
  }
  return text;
}

describe("UsbSerialPort", () => {
  it("ch34xDivisor matches Linux ch341.c for 9600, 115200 and 921600", () => {
    expect(ch34xDivisor(9600)).to.equal(0xb202);
    expect(ch34xDivisor(115200)).to.equal(0xcc03);
    expect(ch34xDivisor(921600)).to.equal(0xf307);
  });

  it("ch34xDivisor programs the rates above 921600 core tries: 1.5M, 2M and 3M exactly", () => {
    // rate = 48 MHz / (2^(12 − 3·ps − fact) · div): ps 3, fact 0, div 4 / 3 / 2.
    expect(ch34xDivisor(1_500_000)).to.equal(0xfc03);
    expect(ch34xDivisor(2_000_000)).to.equal(0xfd03);
    expect(ch34xDivisor(3_000_000)).to.equal(0xfe03);
  });

  it("ftdiDivisor matches Linux ftdi_sio for 115200, 921600, 2M and 3M", () => {
    expect(ftdiDivisor(115200)).to.equal(0x001a);
    expect(ftdiDivisor(921600)).to.equal(0x8003);
    expect(ftdiDivisor(2_000_000)).to.equal(1);
    expect(ftdiDivisor(3_000_000)).to.equal(0);
  });

  it("every bridge's vendor is offered in the device picker", () => {
    const offered = USB_FILTERS.map((f) => f.vendorId);
    for (const row of USB_BRIDGES) expect(offered, row.name).to.include(row.vendorId);
  });

  it("picks the driver by chip, falls back to CDC-ACM, and names what it cannot drive", () => {
    const esp = new VirtualEsp({ chip: "ESP32-S3", usb: "usb-jtag-serial" });
    const named = (kind: UsbBridgeKind) =>
      bridgeFor(new VirtualUsbDevice(esp, kind) as unknown as UsbDeviceLike);
    expect(named("cp2102").name).to.equal("Silicon Labs CP2102/CP2104");
    expect(named("ch340").name).to.equal("WCH CH340");
    expect(named("usb-jtag-serial").name).to.equal("Espressif USB-JTAG-serial");
    expect(named("ft232r").name).to.equal("FTDI FT232R / FT-X");
    expect(named("pl2303")).to.deep.equal({
      name: "Prolific PL2303 USB-Serial Controller (067b:2303)",
      driver: null,
    });
    // Another vendor's CDC-ACM device (same descriptors, other IDs) gets the CDC driver.
    const cdc = new VirtualUsbDevice(esp, "usb-jtag-serial");
    const other = Object.create(cdc, {
      vendorId: { value: 0x2e8a },
      productId: { value: 0x000a },
    }) as UsbDeviceLike;
    expect(
      bridgeFor(other).driver === bridgeFor(cdc as unknown as UsbDeviceLike).driver,
      "CDC driver",
    ).to.equal(true);
    expect(bridgeFor(other).name).to.equal("Espressif USB JTAG/serial debug unit (2e8a:000a)");
  });

  it("reads and writes like Web Serial, changes baud in place, and drives DTR/RTS", async () => {
    const { esp, dev, port } = board("cp2102");
    expect(port.getInfo()).to.deep.equal({ usbVendorId: 0x10c4, usbProductId: 0xea60 });
    expect(port.readable).to.equal(null);
    await port.open({ baudRate: 115200 });
    expect(dev.line).to.include({ baud: 115200, enabled: true, dtr: false, rts: false });
    // The classic auto-reset: RTS pulses EN with DTR holding GPIO0 low → ROM download mode.
    await port.setSignals({ dataTerminalReady: false, requestToSend: true });
    await port.setSignals({ dataTerminalReady: true, requestToSend: false });
    expect(dev.line).to.include({ dtr: true, rts: false });
    await port.setSignals({ dataTerminalReady: false });
    expect(esp.state).to.equal("download");
    expect(await readText(port, "waiting for download")).to.contain("waiting for download");
    await port.setBaudRate(460800);
    expect(dev.line.baud).to.equal(460800);
    const writer = port.writable!.getWriter();
    await writer.write(Uint8Array.of(0xc0, 0x00));
    writer.releaseLock();
    expect(dev.stats.out).to.equal(2);
    const reader = port.readable!.getReader();
    let closeError: unknown;
    await port.close().catch((e: unknown) => (closeError = e));
    expect(closeError).to.be.instanceOf(TypeError); // a locked stream blocks close(), as in Chrome
    await reader.cancel();
    reader.releaseLock();
    await port.close();
    expect(dev.opened).to.equal(false);
  });

  it("an unplug errors the streams with NetworkError and fires disconnect", async () => {
    const { esp, usb, dev, port } = board("ch340");
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    const read = reader.read().catch((e: unknown) => e);
    let disconnected = 0;
    port.addEventListener("disconnect", () => disconnected++);
    esp.inject({ kind: "disconnect", afterBytes: 0 });
    esp.receive(Uint8Array.of(0), 115200);
    usb.dispatchEvent(Object.assign(new Event("disconnect"), { device: dev }));
    expect(((await read) as DOMException).name).to.equal("NetworkError");
    expect(disconnected).to.equal(1);
    expect(port.readable).to.equal(null);
    let signalError: unknown;
    await port.setSignals({ dataTerminalReady: true }).catch((e: unknown) => (signalError = e));
    expect((signalError as DOMException).name).to.equal("NetworkError");
  });

  it("refuses to open a bridge it cannot drive, naming it, without touching the device", async () => {
    const { dev, port } = board("pl2303");
    let error: unknown;
    await port.open({ baudRate: 115200 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(UnsupportedBridgeError);
    expect((error as UnsupportedBridgeError).message).to.contain(
      "Prolific PL2303 USB-Serial Controller (067b:2303)",
    );
    expect(dev.opened).to.equal(false);
  });
});
