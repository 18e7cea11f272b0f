// Busy states before anything is written: connecting, detecting, downloading, preparing.
import { msg } from "@lit/localize";
import { css, html } from "lit";
import type { FlashStep } from "../../core-types.js";
import type { Actions } from "../view-state.js";
import { actions, title } from "./shared.js";

function stepText(step: FlashStep): string {
  switch (step) {
    case "detecting": return msg("Reading the chip and its flash…", { id: "connecting.detecting" });
    case "downloading": return msg("Downloading the firmware…", { id: "connecting.downloading" });
    case "preparing": return msg("Preparing the firmware for this board…", { id: "connecting.preparing" });
    default: return msg("Connecting to the board…", { id: "connecting.connecting" });
  }
}

export const renderConnecting = (step: FlashStep, a: Actions) => html`
  ${title(msg("Connecting", { id: "connecting.title" }))}
  <p role="status" class="busy"><span class="spinner" aria-hidden="true"></span>${stepText(step)}</p>
  ${actions([{ label: msg("Cancel", { id: "action.cancel" }), run: a.cancel, focus: true }])}`;

export const connectingStyles = css`
  .busy { display: flex; align-items: center; gap: 0.75em; }
  .spinner {
    width: 1em; height: 1em; border-radius: 50%; border: 2px solid var(--_border);
    border-top-color: var(--_accent); animation: spin 0.8s linear infinite;
  }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
`;
