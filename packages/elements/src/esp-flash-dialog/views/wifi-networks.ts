// The scanned networks as radio buttons (signal, lock), "Join other network…" and "Scan again".
import { msg } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { ImprovNetwork } from "../../core-types.js";
import type { Actions, View } from "../view-state.js";
import { isolate } from "./shared.js";
import { lockIcon, signalBars, signalIcon } from "./wifi-icons.js";

type V = View & { name: "wifi" };

const networkRow = (n: ImprovNetwork, v: V, a: Actions) =>
  html`<label class="network">
    <input
      type="radio"
      name="network"
      .checked=${v.selected === n.ssid}
      @change=${() => a.selectNetwork(n.ssid)}
    />
    <span class="ssid">${isolate(n.ssid)}</span
    >${signalIcon(signalBars(n.rssi))}${n.secured ? lockIcon() : html`<span class="wifi-icon"></span>`}
  </label>`;

export function networkList(v: V, a: Actions) {
  if (v.networks === null) return nothing; // the firmware cannot scan: type the name
  return html`<fieldset class="networks" aria-busy=${v.networks === undefined ? "true" : "false"}>
    <legend>${msg("Network", { id: "wifi.network" })}</legend>
    ${
      v.networks === undefined
        ? html`<p role="status" class="busy">
            <span class="spinner" aria-hidden="true"></span
            >${msg("Scanning for networks…", { id: "wifi.scanning" })}
          </p>`
        : html`${v.networks.map((n) => networkRow(n, v, a))}
            <label class="network"
              ><input
                type="radio"
                name="network"
                .checked=${v.selected === null}
                @change=${() => a.selectNetwork(null)}
              /><span class="ssid">${msg("Join other network…", { id: "wifi.other" })}</span></label
            >
            <button type="button" part="secondary" class="rescan" @click=${a.rescan}>
              ${msg("Scan again", { id: "wifi.rescan" })}
            </button>`
    }
  </fieldset>`;
}

export const networkStyles = css`
  .networks {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin: 0.75em 0;
  }
  .networks legend {
    padding: 0 0.25em;
    color: var(--_muted);
  }
  .network {
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0.35em 0;
    cursor: pointer;
  }
  .network .ssid {
    flex: 1;
    overflow-wrap: anywhere;
  }
  .wifi-icon {
    width: 1.1em;
    height: 1.1em;
    flex: none;
    fill: currentColor;
  }
  .wifi-icon .off {
    opacity: 0.25;
  }
  .rescan {
    margin-top: 0.5em;
  }
`;
