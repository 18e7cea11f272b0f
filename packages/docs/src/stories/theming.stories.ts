import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import "@esp-flash/elements";
import { DEMO, manifestUrl } from "../samples/catalog.js";
import { plugInEsp8266 } from "../virtual/desk.js";
import { runInstall } from "../virtual/run-install.js";

/**
 * Theme with `--esp-flash-*` custom properties (they reach the dialog too) and style the
 * default button through `::part(button)`. Without them the element follows the visitor's
 * light or dark preference (`prefers-color-scheme`).
 */
const meta: Meta = { title: "Button/Theming", tags: ["!autodocs"] };
export default meta;

const styleOf = (el: Element) => getComputedStyle(el);
const defaultButton = (canvas: HTMLElement) =>
  canvas.querySelector("esp-flash-button")!.shadowRoot!.querySelector("[part=button]")!;

export const CustomProperties: StoryObj = {
  render: () => html`<esp-flash-button manifest=${manifestUrl(DEMO)}
    style="--esp-flash-accent: #2e7d32; --esp-flash-accent-text: #fff; --esp-flash-radius: 999px; --esp-flash-font: Georgia, serif"
  ></esp-flash-button>`,
  play: async ({ canvasElement }) => {
    const style = styleOf(defaultButton(canvasElement));
    await expect(style.backgroundColor).toBe("rgb(46, 125, 50)");
    await expect(style.borderTopLeftRadius).toBe("999px");
    await expect(style.fontFamily).toBe("Georgia, serif");
  },
};

export const Parts: StoryObj = {
  render: () => html`<style>
      .parts esp-flash-button::part(button) { text-transform: uppercase; letter-spacing: 0.1em; box-shadow: 0 2px 0 #0003; }
    </style>
    <div class="parts"><esp-flash-button manifest=${manifestUrl(DEMO)}></esp-flash-button></div>`,
  play: async ({ canvasElement }) => {
    await expect(styleOf(defaultButton(canvasElement)).textTransform).toBe("uppercase");
  },
};

/** A dark site theme applied to the open dialog (on a virtual 4MB ESP8266). */
export const DarkSiteTheme: StoryObj = {
  beforeEach: plugInEsp8266,
  render: () => html`<div style="background: #121212; padding: 2rem; color-scheme: dark;
      --esp-flash-surface: #1e1e2e; --esp-flash-text: #cdd6f4; --esp-flash-accent: #f5c2e7; --esp-flash-accent-text: #1e1e2e;
      --esp-flash-border: #45475a; --esp-flash-note-background: #313244">
    <esp-flash-button manifest=${manifestUrl(DEMO)}></esp-flash-button>
  </div>`,
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector("esp-flash-button")!;
    const { dialog } = await runInstall(button, { stopAt: "summary" });
    const frame = styleOf(dialog.shadowRoot!.querySelector("dialog")!);
    await expect(frame.backgroundColor).toBe("rgb(30, 30, 46)");
    await expect(frame.color).toBe("rgb(205, 214, 244)");
    await expect(
      styleOf(dialog.shadowRoot!.querySelector("[part~=primary]")!).backgroundColor,
    ).toBe("rgb(245, 194, 231)");
  },
};
