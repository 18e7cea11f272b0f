// Verified and restarted, or already up to date: say which, and offer the console.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { actions, title } from "./shared.js";
import { firmwareName } from "./summary.js";

type V = View & { name: "done" };

/** What happened, and how the board starts it: the RESET button when the port did not reset it. */
function doneText(v: V, name: ReturnType<typeof firmwareName>) {
  const pressReset = v.result.restart === "press-reset";
  if (v.result.outcome === "unchanged")
    return pressReset
      ? msg(
          html`${name} was already on the board, byte for byte. Nothing was written. Press the board's RESET button to start it.`,
          { id: "done.unchanged-press-reset" },
        )
      : msg(
          html`${name} was already on the board, byte for byte. Nothing was written; the board has restarted.`,
          { id: "done.unchanged" },
        );
  return pressReset
    ? msg(
        html`${name} was written and verified. The board did not restart on its own: press its RESET button to start the new firmware.`,
        { id: "done.text-press-reset" },
      )
    : msg(html`${name} was written and verified. The board has restarted into it.`, {
        id: "done.text",
      });
}

export function renderDone(v: V, a: Actions) {
  const name = firmwareName(v.manifest);
  const unchanged = v.result.outcome === "unchanged";
  return html`
    ${
      unchanged
        ? title(msg("Already up to date", { id: "done.unchanged-title" }), "success")
        : title(msg("Installed", { id: "done.title" }), "success")
    }
    <p role="status">${doneText(v, name)}</p>
    ${actions([
      { label: msg("Open console", { id: "action.console" }), run: a.openConsole },
      { label: msg("Close", { id: "action.close" }), run: a.close, primary: true, focus: true },
    ])}`;
}
