// What happened, what to do (in the person's language, by error code), details to copy, and
// first the button that can help: Retry only where a retry can succeed.
import { msg } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { FlashStep } from "../../core-types.js";
import { errorDetails, errorText, remedy } from "../error-text.js";
import { flashStateText } from "../flash-state-text.js";
import type { Actions, ErrorReport } from "../view-state.js";
import { actions, title, type ActionButton } from "./shared.js";

function headline(e: ErrorReport): string {
  if (e.code === "load-failed" || e.code === "element-conflict")
    return msg("The installer could not start.", { id: "error.start" });
  if (e.code === "aborted") return msg("Installing stopped", { id: "error.stopped" });
  // The manifest is read before the board is talked to: its failures are not the board's.
  if (e.code.startsWith("manifest-"))
    return msg("The firmware description (manifest) cannot be used.", { id: "error.manifest" });
  const step: FlashStep = e.step;
  switch (step) {
    case "choosing-build":
      return msg("This firmware has no build for your board.", { id: "error.build" });
    case "downloading":
      return msg("The firmware could not be downloaded.", { id: "error.download" });
    case "preparing":
    case "confirming":
      return msg("The firmware does not fit this board.", { id: "error.prepare" });
    case "reading":
      return msg("The backup could not be made; nothing was written.", { id: "error.backup" });
    case "erasing":
    case "writing":
      return msg("Writing to the board failed.", { id: "error.write" });
    case "verifying":
      return msg("The board's flash does not match the firmware.", { id: "error.verify" });
    case "resetting":
      return msg("The board did not restart.", { id: "error.reset" });
    default:
      return msg("Could not talk to the board.", { id: "error.connect" });
  }
}

export function renderError(e: ErrorReport, a: Actions) {
  const text = errorText(e);
  const details = errorDetails(e, text.advice);
  const help = remedy(e.code, e.flash);
  const close: ActionButton = {
    label: msg("Close", { id: "action.close" }),
    run: a.close,
    primary: help === "close",
    focus: help === "close",
  };
  const first: ActionButton[] =
    help === "retry"
      ? [
          {
            label:
              e.code === "aborted"
                ? msg("Install again", { id: "action.install-again" })
                : msg("Retry", { id: "action.retry" }),
            run: a.retry,
            primary: true,
            focus: true,
          },
        ]
      : help === "pick-port"
        ? [
            {
              label: msg("Choose another port", { id: "action.other-port" }),
              run: a.pickPort,
              primary: true,
              focus: true,
            },
          ]
        : [];
  return html`
    ${title(headline(e), "error")}
    <p role="alert" class="what">${text.message}</p>
    ${e.flash ? html`<p class="flash">${flashStateText(e.flash)}</p>` : nothing}
    <p class="todo"><strong>${msg("What to do:", { id: "error.todo" })}</strong>
      ${text.advice ?? msg("Check the cable and press Retry.", { id: "error.default-advice" })}</p>
    <details><summary>${msg("Details", { id: "error.details" })}</summary><pre>${details}</pre></details>
    ${actions([
      {
        label: msg("Copy details", { id: "action.copy" }),
        run: () => a.copy(details),
        quiet: true,
      },
      close,
      ...first,
    ])}`;
}

export const errorStyles = css`
  .what { font-weight: 500; }
  .todo { padding: 0.75em 1em; border-radius: var(--_radius); background: var(--_note-bg); }
  details { margin-top: 0.75em; }
  summary { cursor: pointer; color: var(--_muted); width: fit-content; border-radius: 4px; }
  pre { max-height: 12em; overflow: auto; white-space: pre-wrap; margin: 0.5em 0 0; padding: 0.75em;
    border-radius: var(--_radius); background: var(--_note-bg); }
`;
