// The view while the board's flash is read for a backup (bytes read of total; Stop leaves the
// flash untouched). Loaded only when the person asked for a backup.
import { msg, str } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { actions, formatBytes, formatPercent, title } from "./shared.js";

type V = View & { name: "backup" };

export function renderBackup(v: V, a: Actions) {
  const p = v.progress;
  const fraction = p && p.total ? p.read / p.total : 0;
  return html` ${title(msg("Backing up…", { id: "backup.title" }), "busy")}
    <p>
      ${msg("Reading the board's flash. The file downloads when the read is complete, then installing starts.", { id: "backup.intro" })}
    </p>
    ${
      p
        ? html` <label class="row" for="read"
              ><span
                >${msg(str`${formatBytes(p.read)} of ${formatBytes(p.total)}`, { id: "backup.read" })}</span
              >
              <span class="num">${formatPercent(fraction)}</span></label
            >
            <progress id="read" part="progress" max=${p.total} .value=${p.read}></progress>`
        : html`<progress part="progress" aria-labelledby="title"></progress>`
    }
    <p class="visually-hidden" aria-live="polite">
      ${formatPercent(Math.floor(fraction * 10) / 10)}
    </p>
    <p class="muted">
      ${msg("Nothing has been written yet: Stop leaves the board as it is.", { id: "backup.stop" })}
    </p>
    ${actions([{ label: msg("Stop", { id: "action.stop" }), run: a.cancel }])}`;
}
