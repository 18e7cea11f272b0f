// One human sentence for what happened, what to do, details to copy, and Retry.
import { msg } from "@lit/localize";
import { css, html } from "lit";
import type { FlashStep } from "../../core-types.js";
import type { Actions, ErrorReport } from "../view-state.js";
import { actions, title } from "./shared.js";

function headline(step: FlashStep): string {
  switch (step) {
    case "choosing-build": return msg("This firmware has no build for your board.", { id: "error.build" });
    case "downloading": return msg("The firmware could not be downloaded.", { id: "error.download" });
    case "preparing": case "confirming": return msg("The firmware does not fit this board.", { id: "error.prepare" });
    case "erasing": case "writing": return msg("Writing to the board failed.", { id: "error.write" });
    case "verifying": return msg("The board's flash does not match the firmware.", { id: "error.verify" });
    case "resetting": return msg("The board did not restart.", { id: "error.reset" });
    default: return msg("Could not talk to the board.", { id: "error.connect" });
  }
}

export const renderError = (e: ErrorReport, a: Actions) => html`
  ${title(headline(e.step))}
  <p role="alert">${e.message}</p>
  <p><strong>${msg("What to do:", { id: "error.todo" })}</strong>
    ${e.advice ?? msg("Check the cable and press Retry.", { id: "error.default-advice" })}</p>
  <details><summary>${msg("Details", { id: "error.details" })}</summary><pre>${e.details}</pre></details>
  ${actions([
    { label: msg("Copy details", { id: "action.copy" }), run: () => a.copy(e.details) },
    { label: msg("Close", { id: "action.close" }), run: a.close },
    { label: msg("Retry", { id: "action.retry" }), run: a.retry, primary: true, focus: true },
  ])}`;

export const errorStyles = css`
  pre { max-height: 12em; overflow: auto; white-space: pre-wrap; background: var(--_note-bg); padding: 0.5em; }
  [role="alert"] { color: var(--_danger); }
`;
