// Reading back what was written, then restarting the board.
import { msg } from "@lit/localize";
import { html } from "lit";
import type { View } from "../view-state.js";
import { title } from "./shared.js";

type V = View & { name: "verifying" };

export const renderVerifying = (v: V) => html`
  ${title(v.resetting ? msg("Restarting the board…", { id: "verify.resetting" }) : msg("Checking what was written…", { id: "verify.title" }))}
  <progress part="progress" aria-labelledby="title"></progress>
  <div role="status"><ul>
    ${v.verified.map((p) => html`<li>${p.ok ? "✓" : "✗"} ${p.part}</li>`)}
  </ul></div>`;
