import { afterEach, describe, expect, it } from "vitest";
import { EchoDevice } from "../../test/helpers/echo-device.js";
import { rejection } from "../../test/helpers/rejection.js";
import { installVirtualSerial } from "./install.js";
import { VirtualSerialPort } from "./virtual-serial-port.js";

interface SerialApi extends EventTarget {
  requestPort(options?: unknown): Promise<unknown>;
  getPorts(): Promise<unknown[]>;
}
const serialOf = () =>
  (globalThis as unknown as { navigator: { serial: SerialApi } }).navigator.serial;

function jtag() {
  const d = new EchoDevice();
  d.usb = { usbVendorId: 0x303a, usbProductId: 0x1001 };
  return d;
}

describe("installVirtualSerial", () => {
  let undo: (() => void) | undefined;
  afterEach(() => {
    undo?.();
    undo = undefined;
  });

  it("defines navigator.serial where there is none, and removes it again", async () => {
    expect(
      "navigator" in globalThis &&
        (globalThis as { navigator?: { serial?: unknown } }).navigator?.serial,
    ).toBeFalsy();
    const bridge = new EchoDevice();
    const native = jtag();
    const installed = installVirtualSerial([bridge, native]);
    undo = installed.uninstall;
    const serial = serialOf();
    const ports = await serial.getPorts();
    expect(ports).toEqual(installed.ports);
    expect(ports.every((p) => p instanceof VirtualSerialPort)).toBe(true);
    expect(await serial.requestPort()).toBe(installed.ports[0]);
    expect(
      await serial.requestPort({ filters: [{ usbVendorId: 0x303a, usbProductId: 0x1001 }] }),
    ).toBe(installed.ports[1]);
    expect((await rejection(serial.requestPort({ filters: [{ usbVendorId: 0x1a86 }] }))).name).toBe(
      "NotFoundError",
    );
    expect(
      await rejection(serial.requestPort({ filters: [{ usbProductId: 0x1001 }] })),
    ).toBeInstanceOf(TypeError);
    expect(await rejection(serial.requestPort({ filters: [{}] }))).toBeInstanceOf(TypeError);
    installed.uninstall();
    undo = undefined;
    expect((globalThis as { navigator?: unknown }).navigator).toBeUndefined();
  });

  it("lets a choose callback pick, and bubbles disconnect to navigator.serial with the port as target", async () => {
    const a = new EchoDevice();
    const b = new EchoDevice();
    const installed = installVirtualSerial(() => [a, b], { choose: (ports) => ports[1] });
    undo = installed.uninstall;
    const serial = serialOf();
    const picked = await serial.requestPort();
    expect(picked).toBe(installed.ports[1]);
    expect(installed.ports[1]).toBe(installed.ports[1]); // same object every time
    const targets: unknown[] = [];
    serial.addEventListener("disconnect", (e) => targets.push(e.target));
    b.unplug();
    expect(targets).toEqual([picked]);
    // A vanished device is no longer offered.
    expect(await serial.getPorts()).toEqual([installed.ports[0]]);
  });

  it("keeps a browser's real ports beside the virtual ones, and restores the real API", async () => {
    const realPort = { real: true };
    class RealSerial extends EventTarget {
      async requestPort(_options?: unknown) {
        return realPort;
      }
      async getPorts() {
        return [realPort];
      }
    }
    const nav = { serial: new RealSerial() };
    const installed = installVirtualSerial([new EchoDevice()], { navigator: nav });
    undo = installed.uninstall;
    expect(await nav.serial.getPorts()).toEqual([realPort, installed.ports[0]]);
    expect(await nav.serial.requestPort({ filters: [{ usbVendorId: 0x10c4 }] } as never)).toBe(
      installed.ports[0],
    );
    // Nothing virtual matches: the browser's own picker runs.
    expect(await nav.serial.requestPort({ filters: [{ usbVendorId: 0x1a86 }] } as never)).toBe(
      realPort,
    );
    installed.uninstall();
    undo = undefined;
    expect(Object.hasOwn(nav.serial, "requestPort")).toBe(false);
    expect(await nav.serial.getPorts()).toEqual([realPort]);
  });

  it("hides real ports with keepReal: false", async () => {
    class RealSerial extends EventTarget {
      async requestPort(_options?: unknown) {
        return "real";
      }
      async getPorts() {
        return ["real"];
      }
    }
    const nav = { serial: new RealSerial() };
    const installed = installVirtualSerial([new EchoDevice()], { navigator: nav, keepReal: false });
    undo = installed.uninstall;
    expect(await nav.serial.getPorts()).toEqual(installed.ports);
    expect((await rejection(nav.serial.requestPort({ filters: [{ usbVendorId: 1 }] }))).name).toBe(
      "NotFoundError",
    );
  });
});
