// Whether to erase the whole flash first (asked when erase="prompt").
import { msg } from "@lit/localize";
import { css, html } from "lit";
import type { Actions, View } from "../view-state.js";
import { actions, title } from "./shared.js";

type V = View & { name: "erase" };

export const renderErase = (v: V, a: Actions) => html`
  ${title(msg("Erase the board first?", { id: "erase.title" }))}
  <p>${msg("Erasing removes files and settings saved on the board. It is needed when switching to different firmware.", { id: "erase.intro" })}</p>
  <label class="check">
    <input type="checkbox" data-focus .checked=${v.erase}
      @change=${(e: Event) => a.setErase((e.target as HTMLInputElement).checked)} />
    ${msg("Erase all data on the board", { id: "erase.label" })}
  </label>
  ${actions([
    { label: msg("Cancel", { id: "action.cancel" }), run: a.cancel },
    { label: msg("Install", { id: "action.install" }), run: a.install, primary: true },
  ])}`;

export const eraseStyles = css`
  .check { display: flex; gap: 0.5em; align-items: center; margin: 1em 0; }
  .check input { width: 1.1em; height: 1.1em; accent-color: var(--_accent); }
`;
