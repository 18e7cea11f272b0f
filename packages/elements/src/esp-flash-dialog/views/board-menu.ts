// A board that does not answer Improv: install the manifest's firmware, or look at the board in
// the console first (ESP Web Tools offers the same two), with what its flash holds once read.
import { msg, str } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { Actions, View } from "../view-state.js";
import { foundLine } from "./found-on-board.js";
import { actions, title } from "./shared.js";

export function renderBoardMenu(v: View & { name: "menu" }, a: Actions) {
  const target = [v.manifest.name, v.manifest.version].filter(Boolean).join(" ");
  return html` ${title(v.manifest.name)}
    ${
      v.reading
        ? html`<p role="status" class="busy">
            <span class="spinner" aria-hidden="true"></span
            >${msg("Reading what firmware is on the board…", { id: "menu.reading" })}
          </p>`
        : v.onBoard
          ? foundLine(v.onBoard)
          : nothing
    }
    <div class="menu">
      <button
        type="button"
        part="primary"
        class="primary"
        data-focus
        @click=${() => a.installFirmware("install")}
      >
        ${msg(str`Install ${target}`, { id: "dashboard.install" })}
      </button>
      <button type="button" part="secondary" @click=${a.openConsole}>
        ${msg("Logs & console", { id: "dashboard.console" })}
      </button>
    </div>
    ${actions([{ label: msg("Close", { id: "action.close" }), run: a.close }])}`;
}

/** The column of choices, here and on the Improv dashboard. */
export const menuStyles = css`
  .menu {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    margin-top: 1em;
  }
  .menu > * {
    text-align: start;
  }
`;
