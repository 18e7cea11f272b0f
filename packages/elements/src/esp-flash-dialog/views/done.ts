// Verified and restarted: offer the console.
import { msg, str } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { actions, title } from "./shared.js";

type V = View & { name: "done" };

export function renderDone(v: V, a: Actions) {
  const name = [v.manifest?.name, v.manifest?.version].filter(Boolean).join(" ");
  return html`
    ${title(msg("Installed", { id: "done.title" }))}
    <p role="status">${msg(str`${name} was written and verified. The board has restarted into it.`, { id: "done.text" })}</p>
    ${actions([
      { label: msg("Open console", { id: "action.console" }), run: a.openConsole },
      { label: msg("Close", { id: "action.close" }), run: a.close, primary: true, focus: true },
    ])}`;
}
