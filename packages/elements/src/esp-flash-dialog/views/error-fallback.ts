// The error view built into the dialog, for when the full one (translated text and advice by
// code) could not be loaded: core's own message and advice, the details, and Close.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { Actions, ErrorReport } from "../view-state.js";
import { actions, title } from "./shared.js";

export const renderErrorFallback = (e: ErrorReport, a: Actions) => html`
  ${title(e.message, "error")}
  ${e.advice ? html`<p>${e.advice}</p>` : ""}
  <details><summary>${msg("Details", { id: "error.details" })}</summary><pre>${e.details}</pre></details>
  ${actions([{ label: msg("Close", { id: "action.close" }), run: a.close, primary: true, focus: true }])}`;

/** A view whose chunk did not load: said as the error it is. */
export const loadFailure = (view: string): ErrorReport => ({
  step: "connecting",
  code: "load-failed",
  message: msg("The installer could not start.", { id: "error.start" }),
  details: `load-failed: the ${view} view could not be loaded`,
});
