import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import "@esp-flash/elements";
import { DEMO, manifestUrl } from "../samples/catalog.js";
import { plugInEsp8266 } from "../virtual/desk.js";
import { runInstall } from "../virtual/run-install.js";
import { simulateBrowser } from "../virtual/simulate-browser.js";

/** The three slots ESP Web Tools has, with the same names: markup moves over unchanged. */
const meta: Meta = {
  title: "Button/Slots",
  tags: ["!autodocs"],
  render: () => html`<esp-flash-button manifest=${manifestUrl(DEMO)}>
    <button slot="activate" class="my-install">Install Firefly</button>
    <p slot="unsupported">Open this page in Chrome or Edge on a computer to install.</p>
    <p slot="not-allowed">Open <a href="https://example.com/install">the https page</a> to install.</p>
  </esp-flash-button>`,
};
export default meta;

const visibleSlot = (canvas: HTMLElement) =>
  canvas.querySelector("esp-flash-button")!.shadowRoot!.querySelector("slot")!.name;

/** Your own button; clicking it starts the install. */
export const Activate: StoryObj = {
  beforeEach: plugInEsp8266,
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector("esp-flash-button")!;
    await expect(button.hasAttribute("install-supported")).toBe(true);
    await expect(visibleSlot(canvasElement)).toBe("activate");
    const { dialog } = await runInstall(button, { stopAt: "summary" });
    await expect(dialog.shadowRoot!.querySelector("dialog")!.open).toBe(true);
    dialog.shadowRoot!.querySelector<HTMLButtonElement>("[part~=secondary]")!.click(); // Cancel
  },
};

/** A browser with neither Web Serial nor WebUSB (Firefox, Safari, iPhone, iPad) sees the `unsupported` slot. */
export const Unsupported: StoryObj = {
  beforeEach: () => simulateBrowser("no-serial-or-usb"),
  play: async ({ canvasElement }) => {
    await expect(
      canvasElement.querySelector("esp-flash-button")!.hasAttribute("install-unsupported"),
    ).toBe(true);
    await expect(visibleSlot(canvasElement)).toBe("unsupported");
  },
};

/** A page not served over https sees the `not-allowed` slot. */
export const NotAllowed: StoryObj = {
  beforeEach: () => simulateBrowser("insecure-page"),
  play: async ({ canvasElement }) => {
    await expect(
      canvasElement.querySelector("esp-flash-button")!.hasAttribute("install-unsupported"),
    ).toBe(true);
    await expect(visibleSlot(canvasElement)).toBe("not-allowed");
  },
};
