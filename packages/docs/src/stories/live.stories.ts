import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import "@esp-flash/elements";
import { boardOptions } from "../virtual/board-toolbar.js";
import { deskBoard, plugIn } from "../virtual/desk.js";
import { DEMO, manifestUrl } from "../samples/catalog.js";
import { runInstall } from "../virtual/run-install.js";
import "../virtual/desk-status.js";

/**
 * Press the button: it flashes the virtual board chosen in the toolbar (chip, flash size,
 * USB kind, fault), at the speed a real board would take. A real board works too: pick
 * its port instead. The sample firmware does not run on real hardware, so to flash a real
 * board give your own manifest URL in the `manifest` control.
 */
const meta: Meta<{ manifest: string }> = {
  title: "Live/Flash a virtual board",
  tags: ["!autodocs"],
  args: { manifest: "" },
  argTypes: {
    manifest: {
      control: "text",
      description: "Manifest URL (empty: sample firmware for every chip)",
    },
  },
  render: ({ manifest }) => html`
    <esp-flash-button .manifest=${manifest || manifestUrl(DEMO)}></esp-flash-button>
    <desk-status .board=${deskBoard()}></desk-status>
  `,
};
export default meta;

/** Press the button yourself. */
export const Install: StoryObj<{ manifest: string }> = {
  beforeEach: ({ globals }) => plugIn(boardOptions(globals), { offerRealPorts: true }).unplug,
};

/** The same, pressed for you: a full install from the port picker to the board's boot log. */
export const AutomaticInstall: StoryObj<{ manifest: string }> = {
  globals: { fault: "none" },
  beforeEach: ({ globals }) => plugIn(boardOptions(globals)).unplug,
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector("esp-flash-button")!;
    const device = deskBoard()!.device;
    await runInstall(button);
    await expect(device.state).toBe("running");
    await expect(device.lastBoot?.ok).toBe(true);
    await expect(device.lastBoot?.headerFlashSize).toBe(device.lastBoot?.chipFlashSize);
  },
};
