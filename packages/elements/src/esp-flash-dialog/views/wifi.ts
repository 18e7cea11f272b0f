// Wi-Fi setup over Improv: pick a scanned network (or type a hidden one), password, connect.
import { msg, str } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { WifiFailure } from "../improv/improv-view-state.js";
import type { Actions, View } from "../view-state.js";
import { title, isolate } from "./shared.js";
import { networkList } from "./wifi-networks.js";

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
    case "ssid-too-long":
      return msg(
        str`The network name ${ssid} is longer than Wi-Fi allows (32 bytes; letters beyond English take 2 to 4 bytes each). Check the name.`,
        { id: "wifi.ssid-too-long" },
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

export function renderWifi(v: V, a: Actions) {
  const chosen = v.networks?.find((n) => n.ssid === v.selected);
  // While scanning there is nothing to fill in yet.
  const scanning = v.networks === undefined;
  const needsPassword = !scanning && (!chosen || chosen.secured);
  const device = v.deviceName ? isolate(v.deviceName) : msg("the device", { id: "wifi.device" });
  return html` ${title(msg("Connect to Wi-Fi", { id: "wifi.title" }))}
    <p>${msg(str`Choose the network ${device} should join.`, { id: "wifi.intro" })}</p>
    ${v.failure ? html`<p class="failure" role="alert">${failureText(v.failure.kind, isolate(v.failure.ssid))}</p>` : nothing}
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
      >${msg(str`Joining ${isolate(v.ssid)}…`, { id: "wifi.joining" })}
    </p>`;

export const wifiStyles = css`
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
  /* "Show password" stays one line at phone width; the input gives up the room instead. */
  .password button {
    flex: none;
    white-space: nowrap;
  }
  .field input {
    flex: 1;
    min-width: 0;
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
