// The serial console view; <esp-flash-console> itself is loaded lazily by the dialog.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { SerialPortLike } from "../../core-types.js";
import type { Actions, View } from "../view-state.js";
import { actions, title, type ActionButton } from "./shared.js";

export function renderConsole(
  v: View & { name: "console" },
  port: SerialPortLike | undefined,
  log: string[],
  a: Actions,
) {
  // Back returns to the menu the console was opened from; Close ends the dialog.
  const back: ActionButton[] = v.back
    ? [{ label: msg("Back", { id: "action.back" }), run: a.back }]
    : [];
  return html`
  ${title(msg("Console", { id: "console.title" }))}
  <esp-flash-console .port=${port} .history=${log} exportparts="terminal"></esp-flash-console>
  ${actions([...back, { label: msg("Close", { id: "action.close" }), run: a.close, primary: true }])}`;
}
