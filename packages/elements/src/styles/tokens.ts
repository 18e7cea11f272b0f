// The theme in one place: public --esp-flash-* custom properties, resolved into private --_*
// tokens with light and dark defaults. The dialog, its views and the console all read --_*,
// so a new view gets the theme by using them.
import { css } from "lit";

/** System fonts first; Noto CJK after the Latin faces so Chinese text gets a matching sans. */
export const FONT_STACK = css`system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;
export const MONO_STACK = css`ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace`;

export const themeTokens = css`
  :host {
    --_accent: var(--esp-flash-accent, #0b57d0);
    --_accent-text: var(--esp-flash-accent-text, #fff);
    --_surface: var(--esp-flash-surface, #fff);
    --_text: var(--esp-flash-text, #1b1b1f);
    --_muted: var(--esp-flash-muted, #5c5f66);
    --_border: var(--esp-flash-border, #c8cbd0);
    --_note-bg: var(--esp-flash-note-background, #f1f4f9);
    --_danger: var(--esp-flash-danger, #b3261e);
    --_success: var(--esp-flash-success, #146c2e);
    --_radius: var(--esp-flash-radius, 8px);
    --_font: var(--esp-flash-font, ${FONT_STACK});
    --_mono: var(--esp-flash-mono, ${MONO_STACK});
    --_shadow: 0 12px 40px rgb(0 0 0 / 0.22), 0 2px 8px rgb(0 0 0 / 0.12);
    --_terminal-bg: var(--esp-flash-terminal-background, #15171a);
    --_terminal-text: var(--esp-flash-terminal-text, #e3e5e8);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--esp-flash-accent, #a8c7fa);
      --_accent-text: var(--esp-flash-accent-text, #062e6f);
      --_surface: var(--esp-flash-surface, #1f2023);
      --_text: var(--esp-flash-text, #e4e4e7);
      --_muted: var(--esp-flash-muted, #b4b7bd);
      --_border: var(--esp-flash-border, #4a4d53);
      --_note-bg: var(--esp-flash-note-background, #2a2c31);
      --_danger: var(--esp-flash-danger, #ffb4ab);
      --_success: var(--esp-flash-success, #7fd49b);
      --_shadow: 0 12px 40px rgb(0 0 0 / 0.6);
      --_terminal-bg: var(--esp-flash-terminal-background, #0f1012);
    }
  }
`;

/** Buttons, focus rings and motion, shared by the dialog's views and the console's controls. */
export const controlStyles = css`
  button,
  select {
    font: inherit;
    font-family: var(--_font);
    font-size: 0.95em;
    font-weight: 500;
    line-height: 1.2;
    min-height: 2.5em;
    padding: 0.45em 1.1em;
    border-radius: var(--_radius);
    cursor: pointer;
    border: 1px solid var(--_border);
    background: transparent;
    color: var(--_text);
    transition:
      background-color 0.15s,
      border-color 0.15s;
  }
  button:hover {
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button.primary:hover {
    background: color-mix(in srgb, var(--_accent) 88%, var(--_text));
  }
  button.quiet {
    border-color: transparent;
    color: var(--_accent);
  }
  :is(button, input, select, textarea, summary, a):focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
