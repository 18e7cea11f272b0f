// The button's three faces and its theming hooks. Live flashing stories are in the docs package.
import { html } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import "./define.js";

interface Args {
  manifest: string;
  erase: string;
  /** "bridge's own": no attribute, so the session tries what the USB-UART bridge generates. */
  "baud-rate": number | "bridge's own";
  lang: string;
}

export default {
  title: "Elements/esp-flash-button",
  component: "esp-flash-button",
  args: { manifest: "manifest.json", erase: "prompt", "baud-rate": "bridge's own", lang: "en" },
  argTypes: {
    manifest: { control: "text" },
    erase: { control: "inline-radio", options: ["prompt", "always", "never"] },
    "baud-rate": {
      control: "select",
      options: ["bridge's own", 115200, 230400, 460800, 921600, 2000000, 3000000],
    },
    lang: { control: "inline-radio", options: ["en", "de", "zh-Hans"] },
  },
};

export const Default = {
  render: (args: Args) => html`<esp-flash-button manifest=${args.manifest} erase=${args.erase}
    baud-rate=${ifDefined(args["baud-rate"] === "bridge's own" ? undefined : args["baud-rate"])}
    lang=${args.lang}></esp-flash-button>`,
};

export const CustomActivate = {
  render: () => html`<esp-flash-button manifest="manifest.json">
    <button slot="activate">Install MicroPython</button>
  </esp-flash-button>`,
};

export const Themed = {
  render: () => html`<esp-flash-button manifest="manifest.json"
    style="--esp-flash-accent: #2e7d32; --esp-flash-radius: 999px"></esp-flash-button>`,
};

export const German = {
  render: () => html`<esp-flash-button lang="de" manifest="manifest.json"></esp-flash-button>`,
};

/** What a person sees when the installer cannot start (its code did not load, or a tag is taken). */
export const CannotStart = {
  render: () => html`<esp-flash-button manifest="manifest.json"></esp-flash-button>`,
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const { showCannotStart } = await import("./cannot-start.js");
    const button = canvasElement.querySelector("esp-flash-button")!;
    showCannotStart(button.shadowRoot!, "load-failed", "en");
  },
};
