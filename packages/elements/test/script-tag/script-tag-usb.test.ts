// The "done when": with Web Serial absent, a page with only the script tag
// (dist/web/esp-flash-button.js) flashes over WebUSB through a virtual CH340 (the seed case:
// MicroPython on a 4MB ESP8266), a virtual CP2102, and an ESP32-S3's USB-JTAG-serial, verified.
import {
  installVirtualUsb,
  makeSampleFirmware,
  VirtualEsp,
  type UsbBridgeKind,
} from "@esp-flash/virtual-device";
import { pressWhenShown } from "../helpers/press-when-shown.js";

const BUNDLE = new URL("../../dist/web/esp-flash-button.js", import.meta.url).href;

interface Done {
  result: {
    outcome: string;
    baudRate: number;
    parts: { verified: boolean }[];
    device: { usb: string };
  };
}

/** Installs on `device` behind `bridge`, answering the dialog's questions; resolves with esp-flash-done's detail. */
async function flash(
  device: VirtualEsp,
  bridge: UsbBridgeKind,
  parts: { data: Uint8Array; offset: number }[],
): Promise<Done> {
  const proto = Navigator.prototype as unknown as Record<string, unknown>;
  const serial = Object.getOwnPropertyDescriptor(proto, "serial");
  if (serial) delete proto.serial;
  const usb = installVirtualUsb([{ device, bridge }], { keepReal: false });
  const el = document.createElement("esp-flash-button");
  el.manifest = {
    name: "Sample",
    builds: [
      {
        chipFamily: device.chip,
        parts: parts.map((p, i) => ({ path: `${i}.bin`, offset: p.offset })),
      },
    ],
  };
  el.erase = "never";
  el.fetch = async (input) =>
    new Response(parts[Number(/(\d+)\.bin$/.exec(String(input))![1])]!.data.slice());
  document.body.append(el);
  try {
    const done = new Promise<Done>((resolve, reject) => {
      el.addEventListener("esp-flash-done", (e) => resolve((e as CustomEvent<Done>).detail));
      el.addEventListener("esp-flash-error", (e) =>
        reject(new Error(JSON.stringify((e as CustomEvent).detail))),
      );
    });
    pressWhenShown(el, "menu", "Install Sample", true);
    pressWhenShown(el, "summary", "Install");
    if ("serial" in navigator || !el.hasAttribute("install-supported"))
      throw new Error("expected WebUSB alone, and supported");
    el.shadowRoot!.querySelector("button")!.click();
    return await done;
  } finally {
    el.remove();
    usb.uninstall();
    if (serial) Object.defineProperty(proto, "serial", serial);
  }
}

function check(done: Done, device: VirtualEsp): void {
  if (done.result.outcome !== "flashed" || !done.result.parts.every((p) => p.verified))
    throw new Error(`not verified: ${JSON.stringify(done.result)}`);
  if (!device.lastBoot?.ok) throw new Error(`board did not boot clean:\n${device.bootLog}`);
}

describe("script-tag build over WebUSB (no Web Serial)", () => {
  before(async () => {
    await import(/* @vite-ignore */ BUNDLE);
  });

  it("seed case: MicroPython onto a 4MB ESP8266 through a CH340", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const done = await flash(device, "ch340", makeSampleFirmware("micropython-esp8266").parts);
    check(done, device);
    if ((device.flash.read(3, 1)[0]! & 0xf0) !== 0x40) throw new Error("header not patched to 4MB");
  });

  it("an ESP32 through a CP2102", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    check(await flash(device, "cp2102", makeSampleFirmware("esp32-parts").parts), device);
  });

  it("an ESP32-S3 over its USB-JTAG-serial", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S3", flashSize: "8MB", usb: "usb-jtag-serial" });
    const done = await flash(
      device,
      "usb-jtag-serial",
      makeSampleFirmware("esp32-parts", { chip: "ESP32-S3" }).parts,
    );
    check(done, device);
    if (done.result.device.usb !== "usb-jtag-serial")
      throw new Error(`reset as ${done.result.device.usb}`);
  });
});
