// Busy states around Improv: looking for it when the dialog opens, waiting for new firmware after an install.
import { msg, str } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { actions, formatSeconds, title } from "./shared.js";

export const renderProbing = (a: Actions) =>
  html` ${title(msg("Connecting", { id: "connecting.title" }))}
    <p role="status" class="busy">
      <span class="spinner" aria-hidden="true"></span
      >${msg("Looking for the firmware on the board…", { id: "improv.probing" })}
    </p>
    ${actions([{ label: msg("Cancel", { id: "action.cancel" }), run: a.cancel, focus: true }])}`;

export function renderImprovWaiting(v: View & { name: "improv-waiting" }, a: Actions) {
  const name = v.manifest.name;
  const seconds = formatSeconds(v.seconds);
  return html` ${title(msg("Starting the firmware", { id: "improv.waiting-title" }))}
    <p>${
      v.pressReset
        ? msg(str`${name} was written and verified. Press the board's RESET button to start it.`, {
            id: "improv.installed-press-reset",
          })
        : msg(str`${name} was written and verified.`, { id: "improv.installed" })
    }</p>
    <p role="status" class="busy">
      <span class="spinner" aria-hidden="true"></span
      >${msg(str`Waiting up to ${seconds} for it to offer Wi-Fi setup…`, { id: "improv.waiting" })}
    </p>
    ${actions([{ label: msg("Skip", { id: "action.skip" }), run: a.skipWifi, focus: true }])}`;
}
