// A board that already runs Improv firmware: what it runs, and what can be done with it.
import { msg, str } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { fundingLink, homeAssistantButton, visitLink } from "./device-links.js";
import { actions, isolate, title } from "./shared.js";

type V = View & { name: "dashboard" };

function installLabel(v: V): string {
  const target = [v.manifest.name, v.manifest.version].filter(Boolean).join(" ");
  if (v.kind === "update") return msg(str`Update to ${target}`, { id: "dashboard.update" });
  if (v.kind === "reinstall") return msg(str`Reinstall ${target}`, { id: "dashboard.reinstall" });
  return msg(str`Install ${target}`, { id: "dashboard.install" });
}

export function renderDashboard(v: V, a: Actions) {
  const provisioned = v.state === "provisioned";
  return html` ${title(v.info.name ? isolate(v.info.name) : msg("Device", { id: "dashboard.device" }))}
    <dl>
      <dt>${msg("Firmware", { id: "dashboard.firmware" })}</dt>
      <dd>${isolate(`${v.info.firmware} ${v.info.version}`)}</dd>
      <dt>${msg("Chip", { id: "summary.chip" })}</dt>
      <dd>${isolate(v.info.chipFamily)}</dd>
      <dt>${msg("Wi-Fi", { id: "dashboard.wifi" })}</dt>
      <dd>
        ${provisioned ? msg("Connected", { id: "dashboard.connected" }) : msg("Not set up", { id: "dashboard.not-connected" })}
      </dd>
    </dl>
    <div class="menu">
      <button
        type="button"
        part="primary"
        class="primary"
        data-focus
        @click=${() => a.installFirmware(v.kind)}
      >
        ${installLabel(v)}
      </button>
      ${visitLink(v.links)} ${homeAssistantButton(v.links)}
      <button type="button" part="secondary" @click=${a.showWifi}>
        ${
          provisioned
            ? msg("Change Wi-Fi", { id: "dashboard.change-wifi" })
            : msg("Connect to Wi-Fi", { id: "dashboard.connect-wifi" })
        }
      </button>
      <button type="button" part="secondary" @click=${a.openConsole}>
        ${msg("Logs & console", { id: "dashboard.console" })}
      </button>
      ${fundingLink(v.links)}
      ${
        v.canErase
          ? html`<button
              type="button"
              part="secondary"
              class="danger"
              @click=${() => a.installFirmware(v.kind, true)}
            >
              ${msg("Erase user data", { id: "dashboard.erase" })}
            </button>`
          : ""
      }
    </div>
    ${actions([{ label: msg("Close", { id: "action.close" }), run: a.close }])}`;
}
