// Erasing and writing: per part and overall, speed and time left. The live region only
// announces every 10 % so screen readers are not flooded.
import { msg, str } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { Actions, View } from "../view-state.js";
import {
  actions,
  formatBytes,
  formatPercent,
  formatSeconds,
  icon,
  manifestText,
  title,
} from "./shared.js";

type V = View & { name: "progress" };

export function renderProgress(v: V, a: Actions) {
  const p = v.progress;
  const overall = p && p.overallTotal ? p.overallWritten / p.overallTotal : 0;
  const parts = v.plan?.parts.filter((x) => !x.skip) ?? [];
  const announce = formatPercent(Math.floor(overall * 10) / 10);
  return html`
    ${title(
      v.stopping
        ? msg("Stopping…", { id: "progress.stopping" })
        : v.erasing
          ? msg("Erasing the flash…", { id: "progress.erasing" })
          : msg("Installing…", { id: "progress.title" }),
      "busy",
    )}
    ${
      p
        ? html`
      <label class="row" for="overall"><span>${msg("Overall", { id: "progress.overall" })}</span>
        <span class="num">${formatPercent(overall)}</span></label>
      <progress id="overall" part="progress" max=${p.overallTotal} .value=${p.overallWritten}></progress>
      ${
        parts.length > 1
          ? html`<div class="parts">${parts.map(
              (x, i) => html`
        <label class="row part" for=${`part-${i}`}>${manifestText(x.name)}
          <span class="num">${i < p.partIndex ? icon("success") : i === p.partIndex ? formatPercent(p.written / (p.total || 1)) : ""}</span></label>
        <progress id=${`part-${i}`} max=${x.size}
          .value=${i < p.partIndex ? x.size : i === p.partIndex ? p.written : 0}></progress>`,
            )}</div>`
          : ""
      }
      <p class="muted stats">${
        p.etaSeconds === undefined || v.stopping
          ? ""
          : msg(
              str`${formatBytes(p.bytesPerSecond)}/s · about ${formatSeconds(p.etaSeconds)} left`,
              { id: "progress.stats" },
            )
      }</p>
    `
        : html`<progress part="progress" aria-labelledby="title"></progress>`
    }
    <p class="visually-hidden" aria-live="polite">${announce}</p>
    <p>${msg("Keep the board connected until this is finished.", { id: "progress.keep" })}</p>
    ${v.stopping ? nothing : actions([{ label: msg("Stop", { id: "action.stop" }), run: a.stop }])}`;
}

export const progressStyles = css`
  .row { display: flex; justify-content: space-between; gap: 1em; margin: 0.75em 0 0.35em; }
  .num { font-variant-numeric: tabular-nums; }
  .parts { margin-top: 0.5em; }
  .part { font-size: 0.9em; color: var(--_muted); margin-top: 0.5em; }
  .part .icon { width: 1.2em; height: 1.2em; vertical-align: middle; }
  .part + progress { height: 0.3em; }
  .stats { min-height: 1.45em; font-variant-numeric: tabular-nums; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`;
