// Pieces every view uses: the heading (with a state icon) that takes focus, the button row,
// manifest text isolated for bidi, and locale-aware number formatting.
import { css, html, nothing, svg, type TemplateResult } from "lit";
import { getLocale } from "../../localization.js";
import { controlStyles } from "../../styles/tokens.js";

export type Tone = "busy" | "success" | "error" | "info";

const ICONS: Record<Exclude<Tone, "busy">, TemplateResult> = {
  success: svg`<path d="M7 12.5l3.2 3.2L17 9" />`,
  error: svg`<path d="M12 7v6.5M12 16.6v.4" />`,
  info: svg`<path d="M12 11v6M12 7.4v.4" />`,
};

/** The state icon before a heading: a spinner while busy, else a glyph in a tinted circle. */
export function icon(tone: Tone): TemplateResult {
  if (tone === "busy") return html`<span class="icon busy" aria-hidden="true"></span>`;
  return html`<svg class="icon ${tone}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <circle cx="12" cy="12" r="11" />${ICONS[tone]}</svg>`;
}

export const title = (text: unknown, tone?: Tone) => html`<header class="head">
  ${tone ? icon(tone) : nothing}<h2 id="title" part="title" tabindex="-1">${text}</h2></header>`;

/** Bidi embeddings, overrides and isolates (LRE … RLO, LRI … PDI): invisible, but they reorder text. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text a device reports (its name, firmware, a network's SSID) for use inside a sentence: a
 * first-strong isolate around it, and its own bidi controls (invisible) dropped, so neither a
 * right-to-left name nor a U+202E in it can reorder the words around it (a PDI of its own would
 * close the isolate early).
 */
export const isolate = (text: string): string => `\u2068${text.replace(BIDI_CONTROLS, "")}\u2069`;

/**
 * Text that came from a manifest (names, versions): isolated so a right-to-left name or a
 * stray U+202E cannot reorder what is around it; the full text stays in the tooltip.
 */
export const manifestText = (text: string | undefined) =>
  text ? html`<bdi dir="auto" class="ext" title=${text}>${text}</bdi>` : nothing;

export interface ActionButton {
  label: string;
  run(): void;
  primary?: boolean;
  focus?: boolean;
  quiet?: boolean;
}
export const actions = (
  buttons: ActionButton[],
): TemplateResult => html`<div class="actions" part="actions">
  ${buttons.map(
    (b) => html`<button type="button" part=${b.primary ? "primary" : "secondary"}
    class=${b.primary ? "primary" : b.quiet ? "quiet" : ""} ?data-focus=${b.focus} @click=${b.run}>${b.label}</button>`,
  )}
</div>`;

const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(getLocale(), o);
const KB = 1024,
  MB = 1024 * 1024;
/** Bytes in one style everywhere (binary multiples, as esptool and flash sizes count): "600 kB", "4 MB". */
export function formatBytes(n: number): string {
  const [v, unit] = n >= MB ? [n / MB, "megabyte"] : n >= KB ? [n / KB, "kilobyte"] : [n, "byte"];
  // "0 bytes", not "0 byte": the short form of the byte unit has no plural in English.
  const unitDisplay = unit === "byte" ? "long" : "short";
  return nf({ style: "unit", unit, unitDisplay, maximumFractionDigits: 1 }).format(v);
}
/** A size name as core and esptool write it ("4MB", "512KB") in the same style as formatBytes. */
export function formatSizeName(name: string): string {
  const m = /^(\d+)(KB|MB)$/.exec(name);
  return m ? formatBytes(Number(m[1]) * (m[2] === "KB" ? KB : MB)) : name;
}
export const formatPercent = (fraction: number) => nf({ style: "percent" }).format(fraction);
export const formatSeconds = (s: number) =>
  nf({ style: "unit", unit: "second", unitDisplay: "short", maximumFractionDigits: 0 }).format(s);

export const sharedStyles = [
  controlStyles,
  css`
  .head { display: flex; align-items: center; gap: 0.75em; margin: 0 0 1em; }
  h2 { font-size: 1.25em; font-weight: 600; line-height: 1.3; margin: 0; outline: none; min-width: 0; }
  .icon { flex: none; width: 1.75em; height: 1.75em; }
  svg.icon circle { fill: color-mix(in srgb, currentColor 14%, transparent); stroke: none; }
  svg.icon path { fill: none; stroke: currentColor; stroke-width: 2.2; stroke-linecap: round; stroke-linejoin: round; }
  .icon.success { color: var(--_success); }
  .icon.error { color: var(--_danger); }
  .icon.info { color: var(--_accent); }
  .icon.busy {
    box-sizing: border-box; border-radius: 50%; border: 3px solid color-mix(in srgb, var(--_accent) 20%, transparent);
    border-top-color: var(--_accent); animation: spin 0.9s linear infinite;
  }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .icon.busy { animation: none; border-color: var(--_accent); border-right-color: transparent; } }
  p { margin: 0.5em 0; }
  .muted { color: var(--_muted); }
  .ext { unicode-bidi: isolate; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5em; justify-content: flex-end; margin-top: 1.5em; }
  .actions .quiet { margin-inline-end: auto; }
  .card { margin: 0.75em 0; padding: 0.75em 1em; border-radius: var(--_radius); background: var(--_note-bg); }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.35em 1.25em; margin: 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  code, pre, kbd { font-family: var(--_mono); font-size: 0.9em; }
  progress {
    appearance: none; display: block; width: 100%; height: 0.5em; border: 0; border-radius: 999px; overflow: hidden;
    background: color-mix(in srgb, var(--_accent) 16%, var(--_surface)); accent-color: var(--_accent);
  }
  progress::-webkit-progress-bar { background: transparent; }
  progress::-webkit-progress-value { background: var(--_accent); border-radius: 999px; transition: width 0.2s; }
  progress:indeterminate { background: linear-gradient(90deg, transparent, var(--_accent), transparent) 0 0 / 40% 100% no-repeat,
      color-mix(in srgb, var(--_accent) 16%, var(--_surface)); animation: sweep 1.4s ease-in-out infinite; }
  @keyframes sweep { from { background-position: -40% 0, 0 0; } to { background-position: 140% 0, 0 0; } }
  @media (prefers-reduced-motion: reduce) { progress:indeterminate { animation: none; background-position: 50% 0, 0 0; } }
`,
];
