// The backup option where an install is confirmed (summary, erase): a checkbox with a hint.
import { msg } from "@lit/localize";
import { css, html } from "lit";
import type { Actions } from "../view-state.js";

export const backupOption = (checked: boolean | undefined, a: Actions) =>
  html` <label class="check card backup">
    <input
      type="checkbox"
      .checked=${!!checked}
      @change=${(e: Event) => a.setBackup((e.target as HTMLInputElement).checked)}
    />
    <span
      >${msg("Back up the board's current flash first", { id: "backup.label" })}
      <span class="muted hint"
        >${msg("Downloads a file of everything on the board before anything is written.", { id: "backup.hint" })}</span
      ></span
    >
  </label>`;

export const backupOptionStyles = css`
  .check { display: flex; gap: 0.75em; align-items: center; cursor: pointer; }
  .check input { flex: none; width: 1.2em; height: 1.2em; margin: 0; accent-color: var(--_accent); }
  .backup .hint {
    display: block;
    font-size: 0.9em;
    margin-top: 0.15em;
  }
`;
