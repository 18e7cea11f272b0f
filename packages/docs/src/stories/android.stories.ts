import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import "@esp-flash/elements";
import type { UsbBridgeKind, VirtualEspOptions } from "@esp-flash/virtual-device";
import { DEMO, manifestUrl } from "../samples/catalog.js";
import { underTest } from "../virtual/board-toolbar.js";
import { deskBoard, plugIn } from "../virtual/desk.js";
import { dialogText, runInstall } from "../virtual/run-install.js";
import { USB_BRIDGE_TITLES } from "../virtual/usb-desk.js";
import "../virtual/desk-status.js";

interface Args {
  bridge: UsbBridgeKind;
}

/** The board behind each chip: the seed case (4MB ESP8266 with MicroPython) on the bridges, an ESP32-S3 on its own USB. */
function boardFor(bridge: UsbBridgeKind): VirtualEspOptions {
  const timing = underTest ? "instant" : "realtime";
  return bridge === "usb-jtag-serial"
    ? { chip: "ESP32-S3", flashSize: "8MB", usb: "usb-jtag-serial", timing }
    : { chip: "ESP8266", flashSize: "4MB", timing };
}

/**
 * This page behaves like Chrome on Android here: `navigator.serial` is gone, and the board
 * is on `navigator.usb` behind the USB-serial chip chosen in the `bridge` control. The
 * button notices WebUSB, opens the USB device picker, drives the chip's own control
 * requests (baud, DTR/RTS) and flashes as it does over Web Serial.
 */
const meta: Meta<Args> = {
  title: "Live/Android (WebUSB)",
  tags: ["!autodocs"],
  args: { bridge: "ch340" },
  argTypes: {
    bridge: {
      control: "select",
      options: Object.keys(USB_BRIDGE_TITLES),
      labels: USB_BRIDGE_TITLES,
      description: "The board's USB-serial chip",
    },
  },
  beforeEach: ({ args }) => plugIn(boardFor(args.bridge), { usb: args.bridge }).unplug,
  render: () => html`
    <esp-flash-button .manifest=${manifestUrl(DEMO)}></esp-flash-button>
    <desk-status .board=${deskBoard()}></desk-status>
  `,
};
export default meta;

/** Press the button yourself; pick the chip in the `bridge` control. */
export const Install: StoryObj<Args> = {};

/** The seed case: MicroPython onto a 4MB ESP8266 through a CH340, header fixed and verified. */
export const Ch340: StoryObj<Args> = {
  args: { bridge: "ch340" },
  play: async ({ canvasElement }) => {
    await expect("serial" in navigator).toBe(false);
    const { board } = await runInstall(canvasElement.querySelector("esp-flash-button")!);
    await expect(board.device.lastBoot?.ok).toBe(true);
    await expect(board.device.lastBoot?.headerFlashSize).toBe("4MB");
  },
};

/** The same through a CP2102. */
export const Cp2102: StoryObj<Args> = {
  args: { bridge: "cp2102" },
  play: async ({ canvasElement }) => {
    const { board } = await runInstall(canvasElement.querySelector("esp-flash-button")!);
    await expect(board.device.lastBoot?.ok).toBe(true);
  },
};

/** An ESP32-S3 on its own USB port (USB-JTAG-serial, CDC-ACM). */
export const UsbJtagSerial: StoryObj<Args> = {
  args: { bridge: "usb-jtag-serial" },
  play: async ({ canvasElement }) => {
    const { board } = await runInstall(canvasElement.querySelector("esp-flash-button")!);
    await expect(board.device.state).toBe("running");
    await expect(board.device.lastBoot?.ok).toBe(true);
  },
};

/** The same through an FTDI FT232R. */
export const Ft232r: StoryObj<Args> = {
  args: { bridge: "ft232r" },
  play: async ({ canvasElement }) => {
    const { board } = await runInstall(canvasElement.querySelector("esp-flash-button")!);
    await expect(board.device.lastBoot?.ok).toBe(true);
  },
};

/** A board with a Prolific PL2303: the dialog names the chip and says where it does work. */
export const UnsupportedBridge: StoryObj<Args> = {
  args: { bridge: "pl2303" },
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector("esp-flash-button")!;
    const failed = runInstall(button).then(
      () => "done",
      (e: Error) => e.message,
    );
    await expect(await failed).toContain("usb-bridge-unsupported");
    const dialog = button.shadowRoot!.querySelector<
      HTMLElement & { updateComplete: Promise<boolean> }
    >("esp-flash-dialog")!;
    await dialog.updateComplete;
    await expect(dialogText(dialog)).toContain("PL2303");
  },
};
