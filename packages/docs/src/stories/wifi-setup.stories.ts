import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect, waitFor } from "storybook/test";
import "@esp-flash/elements";
import { boardOptions } from "../virtual/board-toolbar.js";
import { deskBoard, plugIn } from "../virtual/desk.js";
import { IMPROV_DEMO, manifestUrl } from "../samples/catalog.js";
import { dialogText, runInstall } from "../virtual/run-install.js";
import { wifiFirmware } from "../virtual/wifi-toolbar.js";
import "../virtual/desk-status.js";

/** The Wi-Fi sample manifest with ESP Web Tools' Improv fields added, parts made absolute. */
async function improvManifest() {
  const url = new URL(manifestUrl(IMPROV_DEMO), document.baseURI);
  const doc = (await (await fetch(url)).json()) as { builds: { parts: { path: string }[] }[] };
  for (const build of doc.builds)
    for (const part of build.parts) part.path = new URL(part.path, url).href;
  return {
    ...doc,
    home_assistant_domain: "esphome",
    funding_url: "https://example.com/fund",
    new_install_improv_wait_time: 10,
  };
}

/**
 * Press the button: the virtual board (chip from the toolbar) is flashed, restarts into firmware
 * that speaks Improv Serial, and the dialog offers Wi-Fi setup. Its networks are **HomeNet**,
 * **Garden** (both need the password `correct horse`) and the open **Café Guest**. The
 * **Wi-Fi** toolbar picks what goes wrong: every password wrong, networks that vanish after
 * the scan, firmware with no Improv at all, or firmware that takes 4 s to boot.
 * Press the button again afterwards for the device dashboard.
 */
const meta: Meta = {
  title: "Live/Wi-Fi setup",
  tags: ["!autodocs"],
  loaders: [async () => ({ manifest: await improvManifest() })],
  render: (_args, { loaded }) => html`
    <esp-flash-button .manifest=${loaded.manifest as object}></esp-flash-button>
    <desk-status .board=${deskBoard()}></desk-status>
  `,
};
export default meta;

export const WifiSetup: StoryObj = {
  name: "Wi-Fi setup",
  beforeEach: ({ globals }) =>
    plugIn({ ...boardOptions(globals), faults: [], app: wifiFirmware(globals) }).unplug,
};

/** The same, done for you: install, pick HomeNet, type the password, join, then the links. */
export const AutomaticWifiSetup: StoryObj = {
  name: "Wi-Fi setup, automatic",
  globals: { wifi: "none" },
  beforeEach: ({ globals }) =>
    plugIn({ ...boardOptions(globals), faults: [], app: wifiFirmware(globals) }).unplug,
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector("esp-flash-button")!;
    const { dialog } = await runInstall(button);
    const root = dialog.shadowRoot!;
    const state = () => (dialog as unknown as { view: { name: string } }).view.name;
    await waitFor(() => expect(root.querySelector("label.network")).not.toBeNull(), {
      timeout: 30_000,
    });
    await expect(dialogText(dialog)).toContain("HomeNet");
    root.querySelector<HTMLInputElement>("input[name=password]")!.value = "correct horse";
    root.querySelector<HTMLFormElement>("form.wifi")!.requestSubmit();
    await waitFor(() => expect(state()).toBe("provisioned"), { timeout: 30_000 });
    await expect(root.querySelector<HTMLAnchorElement>("a.button-link")!.href).toMatch(
      /^http:\/\/virtual-.*\.local\/$/,
    );
    await expect(dialogText(dialog)).toContain("Add to Home Assistant");
  },
};
