// Verified and restarted, or already up to date: say which, and offer the console while the
// board is still on this connection.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { Actions, View } from "../view-state.js";
import { actions, title } from "./shared.js";
import { firmwareName } from "./summary.js";

type V = View & { name: "done" };

/**
 * What happened, and how the board starts it: the RESET button when the port did not reset it;
 * gone from this connection when it left USB as it restarted (native USB chips re-enumerate).
 */
function doneText(v: V, name: ReturnType<typeof firmwareName>) {
  const pressReset = v.result.restart === "press-reset";
  const leftUsb = v.result.restart === "left-usb";
  if (v.result.outcome === "unchanged")
    return leftUsb
      ? msg(
          html`${name} was already on the board, byte for byte. Nothing was written. The board left USB as it restarted (boards whose chip has USB built in do this), so its output is no longer on this connection.`,
          { id: "done.unchanged-left-usb" },
        )
      : pressReset
        ? msg(
            html`${name} was already on the board, byte for byte. Nothing was written. Press the board's RESET button to start it.`,
            { id: "done.unchanged-press-reset" },
          )
        : msg(
            html`${name} was already on the board, byte for byte. Nothing was written; the board has restarted.`,
            { id: "done.unchanged" },
          );
  if (leftUsb)
    return msg(
      html`${name} was written and verified. The board left USB as it restarted (boards whose chip has USB built in do this), so its output is no longer on this connection.`,
      { id: "done.text-left-usb" },
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
      ...(v.result.restart === "left-usb"
        ? []
        : [{ label: msg("Open console", { id: "action.console" }), run: a.openConsole }]),
      { label: msg("Close", { id: "action.close" }), run: a.close, primary: true, focus: true },
    ])}`;
}
