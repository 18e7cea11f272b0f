// The board joined the network: where to go next.
import { msg, str } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { homeAssistantButton, visitLink } from "./device-links.js";
import { actions, isolate, title } from "./shared.js";

type V = View & { name: "provisioned" };

export function renderProvisioned(v: V, a: Actions) {
  const device = v.deviceName
    ? isolate(v.deviceName)
    : msg("The device", { id: "wifi.the-device" });
  return html` ${title(msg("Connected to Wi-Fi", { id: "provisioned.title" }))}
    <p role="status">
      ${
        v.ssid
          ? msg(str`${device} joined ${isolate(v.ssid)}.`, { id: "provisioned.joined" })
          : msg(str`${device} is connected to the network.`, { id: "provisioned.connected" })
      }
    </p>
    <div class="links">${visitLink(v.links)} ${homeAssistantButton(v.links)}</div>
    ${actions([
      { label: msg("Close", { id: "action.close" }), run: a.close },
      {
        label: msg("Continue", { id: "action.continue" }),
        run: a.skipWifi,
        primary: true,
        focus: true,
      },
    ])}`;
}
