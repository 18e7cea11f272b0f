// Whether to erase the whole flash first (asked when erase="prompt"); the bytes to write follow the box.
import { msg, str } from "@lit/localize";
import { html } from "lit";
import { bytesToWrite, type Actions, type View } from "../view-state.js";
import { backupOption } from "./backup-option.js";
import { dataFate } from "./data-fate.js";
import { actions, formatBytes, title } from "./shared.js";

type V = View & { name: "erase" };

export const renderErase = (v: V, a: Actions) => html`
  ${title(msg("Erase the board first?", { id: "erase.title" }), "info")}
  <p>${msg("Erasing removes files and settings saved on the board. It is needed when switching to different firmware.", { id: "erase.intro" })}</p>
  <label class="check card">
    <input type="checkbox" data-focus .checked=${v.erase}
      @change=${(e: Event) => a.setErase((e.target as HTMLInputElement).checked)} />
    <span>${msg("Erase all data on the board", { id: "erase.label" })}</span>
  </label>
  <div aria-live="polite">${dataFate(v.erase ? "erase" : "keep")}</div>
  <p class="muted" role="status">${msg(str`To write: ${formatBytes(bytesToWrite(v.plan, v.erase))}`, { id: "erase.size" })}</p>
  ${backupOption(v.backup, v.plan.flashBound, a)}
  ${actions([
    { label: msg("Cancel", { id: "action.cancel" }), run: a.cancel },
    { label: msg("Install", { id: "action.install" }), run: a.install, primary: true },
  ])}`;
