// Android, as far as a desktop Chromium can play it: navigator.serial removed, boards offered
// only through navigator.usb as virtual USB devices (CH340, CP2102, ESP32-S3 USB-JTAG-serial)
// whose control requests are decoded per the chips' own protocols. The real element, core and
// esptool-js run unchanged on top.
import { expect } from "@open-wc/testing";
import {
  installVirtualUsb,
  makeSampleFirmware,
  VirtualEsp,
  type UsbBridgeKind,
  type VirtualUsbInstallation,
} from "@esp-flash/virtual-device";
import { manifestOf, mount, type Files, type Mounted } from "../../test/helpers/harness.js";
import type { EspFlashDoneDetail, EspFlashErrorDetail } from "../esp-flash-button/events.js";
import { withoutWebSerial } from "../../test/helpers/without-web-serial.js";

let m: Mounted | undefined;
let usb: VirtualUsbInstallation | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
  usb = undefined;
});

function mountUsb(
  device: VirtualEsp,
  bridge: UsbBridgeKind,
  o: { files: Files; manifest: object; erase?: "never"; pick?: () => boolean },
) {
  m = mount({
    device,
    ...o,
    connect: () => {
      const restore = withoutWebSerial();
      usb = installVirtualUsb([{ device, bridge }], {
        keepReal: false,
        choose: (d) => (o.pick?.() === false ? null : d[0]),
      });
      return {
        uninstall: () => {
          usb!.uninstall();
          restore();
        },
      };
    },
  });
  const done = new Promise<EspFlashDoneDetail>((resolve, reject) => {
    m!.el.addEventListener("esp-flash-done", (e) => resolve(e.detail));
    m!.el.addEventListener("esp-flash-error", (e) => reject(new Error(e.detail.message)));
  });
  done.catch(() => undefined);
  const failed = new Promise<EspFlashErrorDetail>((resolve) =>
    m!.el.addEventListener("esp-flash-error", (e) => resolve(e.detail)),
  );
  /** Click, confirm the summary, and wait for the install's end. */
  const install = async () => {
    await m!.start();
    await m!.until("summary");
    await m!.press("Install");
    return done;
  };
  return { m, done, failed, install, board: () => usb!.devices[0] };
}

const micropython = () => {
  const fw = makeSampleFirmware("micropython-esp8266");
  return {
    files: new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data])) as Files,
    parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })),
  };
};
const near = (actual: number, wanted: number) => Math.abs(actual / wanted - 1) < 0.03;

describe("WebUSB (no Web Serial)", () => {
  it("the button is supported with WebUSB alone", () => {
    const restore = withoutWebSerial();
    try {
      const el = document.createElement("esp-flash-button");
      document.body.append(el);
      expect("serial" in navigator).to.equal(false);
      expect(el.hasAttribute("install-supported")).to.equal(true);
      expect(el.shadowRoot!.querySelector("button")).to.not.equal(null);
      el.remove();
    } finally {
      restore();
    }
  });

  it("seed case: MicroPython onto a 4MB ESP8266 through a CH340 at 2 Mbaud, header fixed, verified, boots", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { files, parts } = micropython();
    const t = mountUsb(device, "ch340", {
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
    });
    await t.m.start();
    await t.m.until("summary");
    expect(t.m.text()).to.contain("4 MB");
    await t.m.press("Next");
    await t.m.until("erase");
    await t.m.press("Install");
    const { result } = await t.done;
    expect(result).to.include({ outcome: "flashed" });
    expect(result.parts.every((p) => p.verified)).to.equal(true);
    expect(device.flash.read(0, 4)[3]! >> 4, "header size nibble").to.equal(4);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    // What the CH340 made of the client's requests: with no cap, its datasheet's 2 Mbaud, and
    // its registers give that rate (±3 %).
    expect(result.baudRate).to.equal(2_000_000);
    expect(t.board()!.line.baud).to.satisfy((b: number) => near(b, 2_000_000));
    expect(t.board()!.controlLog.some((r) => r.setup.request === 0xa1)).to.equal(true);
  });

  it("after flashing, the console reads the board over USB (Reset board boots it)", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { files, parts } = micropython();
    const t = mountUsb(device, "ch340", {
      erase: "never",
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
    });
    await t.install();
    await t.m.press("Open console");
    const dialog = await t.m.until("console");
    await customElements.whenDefined("esp-flash-console");
    const console_ = dialog.shadowRoot!.querySelector("esp-flash-console")! as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await console_.updateComplete;
    const text = () => console_.shadowRoot!.textContent ?? "";
    await new Promise((r) => setTimeout(r, 200)); // the console opens the port at 115200
    [...console_.shadowRoot!.querySelectorAll("button")]
      .find((b) => b.textContent?.trim() === "Reset board")!
      .click();
    for (let i = 0; i < 50 && !text().includes("[virtual ESP8266] firmware running"); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(text()).to.contain("[virtual ESP8266] firmware running");
    expect(device.state).to.equal("running");
  });

  it("flashes an ESP32 merged image through a CP2102, verified", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const fw = makeSampleFirmware("esp32-merged");
    const t = mountUsb(device, "cp2102", {
      erase: "never",
      files: new Map([["merged.bin", fw.merged!]]),
      manifest: manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]),
    });
    const { result } = await t.install();
    expect(result.parts.every((p) => p.verified)).to.equal(true);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    expect(t.board()!.line).to.include({ baud: 921600, enabled: true, eightN1: true });
  });

  it("flashes an ESP32 merged image through an FTDI FT232R at 3 Mbaud, verified", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const fw = makeSampleFirmware("esp32-merged");
    const t = mountUsb(device, "ft232r", {
      erase: "never",
      files: new Map([["merged.bin", fw.merged!]]),
      manifest: manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]),
    });
    const { result } = await t.install();
    expect(result.parts.every((p) => p.verified)).to.equal(true);
    // With no cap, the FT232R's 3 Mbaud, programmed through its divisor registers.
    expect(result.baudRate).to.equal(3_000_000);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    expect(t.board()!.line.baud).to.satisfy((b: number) => near(b, 3_000_000));
  });

  it("flashes an ESP32-S3 over its USB-JTAG-serial, verified", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S3", flashSize: "8MB", usb: "usb-jtag-serial" });
    const fw = makeSampleFirmware("esp32-parts", { chip: "ESP32-S3" });
    const t = mountUsb(device, "usb-jtag-serial", {
      erase: "never",
      files: new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data])),
      manifest: manifestOf([
        {
          chipFamily: "ESP32-S3",
          parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })),
        },
      ]),
    });
    const { result } = await t.install();
    expect(result.device.usb).to.equal("usb-jtag-serial");
    expect(result.parts.every((p) => p.verified)).to.equal(true);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    // The resets went out as CDC SET_CONTROL_LINE_STATE on the communication interface.
    expect(
      t.board()!.controlLog.filter((r) => r.setup.request === 0x22 && r.status === "ok").length,
    ).to.be.greaterThan(3);
  });

  it("an unplug mid-write is reported as a lost device; after replugging, Retry finishes the job", async () => {
    const device = new VirtualEsp({
      chip: "ESP8266",
      flashSize: "4MB",
      faults: [{ kind: "disconnect", atAddress: 0x20000 }],
    });
    const { files, parts } = micropython();
    const t = mountUsb(device, "ch340", {
      erase: "never",
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
    });
    await t.m.start();
    await t.m.until("summary");
    await t.m.press("Install");
    const error = await t.failed;
    expect(error).to.include({ code: "device-lost" });
    expect(["writing", "erasing"]).to.include(error.step);
    await t.m.until("error");
    expect(t.board()).to.equal(undefined); // gone from navigator.usb as well
    device.clearFaults();
    device.reconnect();
    const replugged = t.board();
    expect(replugged).to.not.equal(undefined);
    const done = new Promise<EspFlashDoneDetail>((r) =>
      t.m.el.addEventListener("esp-flash-done", (e) => r(e.detail)),
    );
    await t.m.press("Retry");
    await t.m.until("summary");
    await t.m.press("Install");
    expect((await done).result.parts.every((p) => p.verified)).to.equal(true);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    expect(replugged!.controlLog.length).to.be.greaterThan(0); // the new USBDevice did the work
  });

  it("names a bridge it cannot drive (Prolific PL2303) and writes nothing", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const fw = makeSampleFirmware("esp32-merged");
    const t = mountUsb(device, "pl2303", {
      erase: "never",
      files: new Map([["merged.bin", fw.merged!]]),
      manifest: manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]),
    });
    const before = device.flash.read(0, 4096);
    await t.m.start();
    const error = await t.failed;
    expect(error).to.include({ code: "usb-bridge-unsupported" });
    expect(error.message).to.contain("Prolific PL2303 USB-Serial Controller (067b:2303)");
    await t.m.until("error");
    expect(t.m.text()).to.contain("PL2303");
    // Retry would only fail the same way: another board is what can help.
    const labels = [...t.m.dialog()!.shadowRoot!.querySelectorAll("button")].map((b) =>
      b.textContent!.trim(),
    );
    expect(labels).to.not.include("Retry");
    expect(labels).to.include("Choose another port");
    expect([...device.flash.read(0, 4096)]).to.deep.equal([...before]);
    expect(t.board()!.controlLog).to.deep.equal([]);
  });

  const buttons = () =>
    [...m!.dialog()!.shadowRoot!.querySelectorAll("button")].map((b) => b.textContent!.trim());

  it("a board another tab holds is port-busy with that advice; once released, Retry goes on", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const fw = makeSampleFirmware("esp32-merged");
    const t = mountUsb(device, "cp2102", {
      erase: "never",
      files: new Map([["merged.bin", fw.merged!]]),
      manifest: manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]),
    });
    t.board()!.heldElsewhere = true;
    const before = device.flash.read(0, 4096);
    await t.m.start();
    const error = await t.failed;
    expect(error).to.include({ code: "port-busy" });
    await t.m.until("error");
    expect(t.m.text()).to.contain("in use by another tab or app");
    expect(t.m.text()).to.contain("Close the other tab or app");
    expect(t.m.text()).to.not.match(/cable|OTG adapter|driver/i);
    expect(buttons()).to.include("Retry");
    expect([...device.flash.read(0, 4096)]).to.deep.equal([...before]);
    t.board()!.heldElsewhere = false;
    await t.m.press("Retry");
    await t.m.until("summary");
  });

  it("a device the browser may not open is usb-access-denied with Android's advice; once allowed, Retry goes on", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const fw = makeSampleFirmware("esp32-merged");
    const t = mountUsb(device, "ch340", {
      erase: "never",
      files: new Map([["merged.bin", fw.merged!]]),
      manifest: manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]),
    });
    t.board()!.accessDenied = true;
    await t.m.start();
    const error = await t.failed;
    expect(error).to.include({ code: "usb-access-denied" });
    await t.m.until("error");
    expect(t.m.text()).to.contain("not allowed to open the board over USB");
    expect(t.m.text()).to.contain("allow access when Android asks");
    expect(t.m.text()).to.not.match(/cable|driver/i);
    expect(buttons()).to.include("Retry");
    expect(t.board()!.controlLog).to.deep.equal([]);
    t.board()!.accessDenied = false;
    await t.m.press("Retry");
    await t.m.until("summary");
  });

  it("a cancelled USB picker shows the port help, and choosing again goes on", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { files, parts } = micropython();
    let pick = false;
    const t = mountUsb(device, "ch340", {
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
      pick: () => pick,
    });
    await t.m.start();
    await t.m.until("port-cancelled");
    // Android advice: no desktop drivers, no Linux dialout group.
    expect(t.m.text()).to.contain("USB OTG").and.to.contain("When Android asks");
    expect(t.m.text()).to.not.contain("dialout").and.to.not.contain("driver");
    pick = true;
    await t.m.press("Choose a port");
    await t.m.until("summary");
  });
});
