import { html } from "lit";
import "./esp-flash-console.js";

export default { title: "Elements/esp-flash-console", component: "esp-flash-console" };

/** Without a port: shows the flashing log it was given. */
export const WithHistory = {
  render: () =>
    html`<esp-flash-console .history=${["Connecting...", "Chip is ESP8266EX", "Hash of data verified."]}></esp-flash-console>`,
};

/** Terminal colors are themeable too. */
export const Themed = {
  render:
    () => html`<esp-flash-console style="--esp-flash-terminal-background: #002b36; --esp-flash-terminal-text: #93a1a1"
    .history=${["Connecting...", "Chip is ESP8266EX", "Hash of data verified."]}></esp-flash-console>`,
};
