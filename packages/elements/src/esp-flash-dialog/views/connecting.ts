// Busy states before anything is written: connecting, detecting, downloading, preparing.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { FlashStep } from "../../core-types.js";
import type { Actions } from "../view-state.js";
import { actions, title } from "./shared.js";

function stepText(step: FlashStep): string {
  switch (step) {
    case "detecting":
      return msg("Reading the chip and its flash…", { id: "connecting.detecting" });
    case "downloading":
      return msg("Downloading the firmware…", { id: "connecting.downloading" });
    case "preparing":
      return msg("Preparing the firmware for this board…", { id: "connecting.preparing" });
    default:
      return msg("Connecting to the board…", { id: "connecting.connecting" });
  }
}

export const renderConnecting = (step: FlashStep, a: Actions) => html`
  ${title(msg("Connecting", { id: "connecting.title" }), "busy")}
  <p role="status">${stepText(step)}</p>
  <progress part="progress" aria-labelledby="title"></progress>
  ${actions([{ label: msg("Cancel", { id: "action.cancel" }), run: a.cancel, focus: true }])}`;
