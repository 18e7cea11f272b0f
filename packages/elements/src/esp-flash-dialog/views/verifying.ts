// Reading back what was written, then restarting the board.
import { msg } from "@lit/localize";
import { css, html } from "lit";
import type { View } from "../view-state.js";
import { icon, manifestText, title } from "./shared.js";

type V = View & { name: "verifying" };

export const renderVerifying = (v: V) => html`
  ${title(v.resetting ? msg("Restarting the board…", { id: "verify.resetting" }) : msg("Checking what was written…", { id: "verify.title" }), "busy")}
  <progress part="progress" aria-labelledby="title"></progress>
  <div role="status"><ul class="checked">
    ${v.verified.map((p) => html`<li>${icon(p.ok ? "success" : "error")}${manifestText(p.part)}</li>`)}
  </ul></div>`;

export const verifyingStyles = css`
  .checked { list-style: none; padding: 0; margin: 1em 0 0; display: grid; gap: 0.35em; }
  .checked li { display: flex; align-items: center; gap: 0.5em; }
  .checked .icon { width: 1.25em; height: 1.25em; }
`;
