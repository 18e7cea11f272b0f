import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import "@esp-flash/elements";

const meta: Meta = {
  title: "Elements/esp-flash-button",
  component: "esp-flash-button",
  render: (args) => html`<esp-flash-button manifest=${args.manifest}></esp-flash-button>`,
  args: { manifest: "firmware/manifest.json" },
};
export default meta;

export const Default: StoryObj = {
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector("esp-flash-button");
    await expect(button).not.toBeNull();
    await expect(button!.hasAttribute("install-supported")).toBe(true);
  },
};
