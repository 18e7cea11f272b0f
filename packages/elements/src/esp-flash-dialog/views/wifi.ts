// Wi-Fi setup over Improv: pick a scanned network (or type a hidden one), password, connect.
import { msg, str } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { ImprovNetwork } from "../../core-types.js";
import type { WifiFailure } from "../improv/improv-view-state.js";
import type { Actions, View } from "../view-state.js";
import { title } from "./shared.js";
import { lockIcon, signalBars, signalIcon } from "./wifi-icons.js";

type V = View & { name: "wifi" };

function failureText(kind: WifiFailure, ssid: string): string {
  switch (kind) {
    case "wrong-password":
      return msg(str`Could not join ${ssid}: the password is wrong. Check it and try again.`, {
        id: "wifi.wrong-password",
      });
    case "unreachable":
      return msg(
        str`Could not reach ${ssid}. Check the network name and password, and that the network is in range of the device.`,
        { id: "wifi.unreachable" },
      );
    case "timeout":
      return msg("The device did not answer in time. Try again.", { id: "wifi.timeout" });
    default:
      return msg(
        "The device stopped answering. Unplug it, plug it back in and open this dialog again.",
        { id: "wifi.lost" },
      );
  }
}

function onSubmit(e: Event, v: V, a: Actions): void {
  e.preventDefault();
  const data = new FormData(e.target as HTMLFormElement);
  const ssid = v.selected ?? String(data.get("other-ssid") ?? "").trim();
  if (ssid) a.connectWifi(ssid, String(data.get("password") ?? ""));
}

function toggleReveal(e: Event): void {
  const button = e.currentTarget as HTMLButtonElement;
  const input = button.parentElement!.querySelector("input")!;
  const show = input.type === "password";
  input.type = show ? "text" : "password";
  button.setAttribute("aria-pressed", String(show));
}

const networkRow = (n: ImprovNetwork, v: V, a: Actions) =>
  html`<label class="network">
    <input
      type="radio"
      name="network"
      .checked=${v.selected === n.ssid}
      @change=${() => a.selectNetwork(n.ssid)}
    />
    <span class="ssid">${n.ssid}</span
    >${signalIcon(signalBars(n.rssi))}${n.secured ? lockIcon() : html`<span class="icon"></span>`}
  </label>`;

function networkList(v: V, a: Actions) {
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

export function renderWifi(v: V, a: Actions) {
  const chosen = v.networks?.find((n) => n.ssid === v.selected);
  // While scanning there is nothing to fill in yet.
  const scanning = v.networks === undefined;
  const needsPassword = !scanning && (!chosen || chosen.secured);
  const device = v.deviceName || msg("the device", { id: "wifi.device" });
  return html` ${title(msg("Connect to Wi-Fi", { id: "wifi.title" }))}
    <p>${msg(str`Choose the network ${device} should join.`, { id: "wifi.intro" })}</p>
    ${v.failure ? html`<p class="failure" role="alert">${failureText(v.failure.kind, v.failure.ssid)}</p>` : nothing}
    <form class="wifi" @submit=${(e: Event) => onSubmit(e, v, a)}>
      ${networkList(v, a)}
      ${
        !scanning && v.selected === null
          ? html`<label class="field"
              >${msg("Network name (SSID)", { id: "wifi.ssid" })}
              <input
                name="other-ssid"
                required
                maxlength="32"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                .value=${v.failure?.ssid ?? ""}
            /></label>`
          : nothing
      }
      ${
        needsPassword
          ? html`<label class="field"
              >${msg("Password", { id: "wifi.password" })}
              <span class="password"
                ><input
                  name="password"
                  type="password"
                  maxlength="64"
                  autocomplete="off"
                  ?data-focus=${!!v.failure}
                />
                <button type="button" part="secondary" aria-pressed="false" @click=${toggleReveal}>
                  ${msg("Show password", { id: "wifi.show" })}
                </button></span
              >
            </label>`
          : nothing
      }
      <div class="actions" part="actions">
        <button type="button" part="secondary" @click=${a.skipWifi}>
          ${
            v.afterInstall ? msg("Skip", { id: "action.skip" }) : msg("Back", { id: "action.back" })
          }
        </button>
        <button type="submit" part="primary" class="primary" ?disabled=${v.networks === undefined}>
          ${msg("Connect", { id: "wifi.connect" })}
        </button>
      </div>
    </form>`;
}

export const renderWifiConnecting = (v: View & { name: "wifi-connecting" }) =>
  html` ${title(msg("Connect to Wi-Fi", { id: "wifi.title" }))}
    <p role="status" class="busy">
      <span class="spinner" aria-hidden="true"></span
      >${msg(str`Joining ${v.ssid}…`, { id: "wifi.joining" })}
    </p>`;

export const wifiStyles = css`
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
  .icon {
    width: 1.1em;
    height: 1.1em;
    flex: none;
    fill: currentColor;
  }
  .icon .off {
    opacity: 0.25;
  }
  .rescan {
    margin-top: 0.5em;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.3em;
    margin: 0.75em 0;
  }
  .password {
    display: flex;
    gap: 0.5em;
  }
  .field input {
    flex: 1;
    font: inherit;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
  }
  .failure {
    color: var(--_danger);
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
`;
