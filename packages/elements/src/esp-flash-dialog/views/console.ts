// The serial console view; <esp-flash-console> itself is loaded lazily by the dialog.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { SerialPortLike } from "../../core-types.js";
import type { Actions } from "../view-state.js";
import { actions, title } from "./shared.js";

export const renderConsole = (port: SerialPortLike | undefined, log: string[], a: Actions) => html`
  ${title(msg("Console", { id: "console.title" }))}
  <esp-flash-console .port=${port} .history=${log} exportparts="terminal"></esp-flash-console>
  ${actions([{ label: msg("Close", { id: "action.close" }), run: a.close, primary: true }])}`;
