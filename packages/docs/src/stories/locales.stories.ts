import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect, waitFor } from "storybook/test";
import "@esp-flash/elements";
import { DEMO, manifestUrl } from "../samples/catalog.js";
import { plugInEsp8266 } from "../virtual/desk.js";
import { dialogText, runInstall } from "../virtual/run-install.js";

interface Args {
  lang: string;
  connect: string;
  headerFix: string;
}

/**
 * The element follows `lang` on itself or the page (`de`, `de-AT`, `zh`, `zh-CN` …). Each
 * story presses the button on a virtual 4MB ESP8266 and stops at the device summary, where
 * the MicroPython header fix is explained in the visitor's language.
 */
const meta: Meta<Args> = {
  title: "Button/Locales",
  tags: ["!autodocs"],
  beforeEach: plugInEsp8266,
  render: ({ lang }) =>
    html`<esp-flash-button lang=${lang} manifest=${manifestUrl(DEMO)}></esp-flash-button>`,
  play: async ({ canvasElement, args }) => {
    const button = canvasElement.querySelector("esp-flash-button")!;
    const label = () => button.shadowRoot!.querySelector("[part=button]")!.textContent!.trim();
    await waitFor(() => expect(label()).toBe(args.connect));
    const { dialog } = await runInstall(button, { stopAt: "summary" });
    await expect(dialogText(dialog)).toContain(args.headerFix);
  },
};
export default meta;

export const English: StoryObj<Args> = {
  args: {
    lang: "en",
    connect: "Connect",
    headerFix: "Firmware header says 1 MB, this board has 4 MB — fixed while writing.",
  },
};
export const Deutsch: StoryObj<Args> = {
  args: {
    lang: "de",
    connect: "Verbinden",
    headerFix:
      "Im Firmware-Header steht 1 MB, dieses Board hat 4 MB – wird beim Schreiben korrigiert.",
  },
};
export const SimplifiedChinese: StoryObj<Args> = {
  name: "简体中文",
  args: {
    lang: "zh-CN",
    connect: "连接",
    headerFix: "固件头写的是 1 MB，此开发板有 4 MB——写入时自动修正。",
  },
};
