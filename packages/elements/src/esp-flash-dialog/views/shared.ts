// Pieces every view uses: the heading that takes focus, the button row, number formatting.
import { css, html, type TemplateResult } from "lit";
import { getLocale } from "../../localization.js";

export const title = (text: string) => html`<h2 id="title" part="title" tabindex="-1">${text}</h2>`;

export interface ActionButton { label: string; run(): void; primary?: boolean; focus?: boolean }
export const actions = (buttons: ActionButton[]): TemplateResult => html`<div class="actions" part="actions">
  ${buttons.map((b) => html`<button type="button" part=${b.primary ? "primary" : "secondary"}
    class=${b.primary ? "primary" : ""} ?data-focus=${b.focus} @click=${b.run}>${b.label}</button>`)}
</div>`;

const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(getLocale(), o);
export function formatBytes(n: number): string {
  const [v, unit] = n >= 1 << 20 ? [n / (1 << 20), "megabyte"] : n >= 1024 ? [n / 1024, "kilobyte"] : [n, "byte"];
  return nf({ style: "unit", unit, maximumFractionDigits: 1 }).format(v);
}
export const formatPercent = (fraction: number) => nf({ style: "percent" }).format(fraction);
export const formatSeconds = (s: number) => nf({ style: "unit", unit: "second", maximumFractionDigits: 0 }).format(s);

export const sharedStyles = css`
  h2 { font-size: 1.2em; margin: 0 0 0.75em; outline: none; }
  p { margin: 0.5em 0; }
  .muted { color: var(--_muted); }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5em; justify-content: flex-end; margin-top: 1.25em; }
  button {
    font: inherit; padding: 0.5em 1em; border-radius: var(--_radius); cursor: pointer;
    border: 1px solid var(--_border); background: transparent; color: inherit;
  }
  button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-text); }
  button:focus-visible, input:focus-visible, summary:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1em; margin: 0.75em 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
`;
