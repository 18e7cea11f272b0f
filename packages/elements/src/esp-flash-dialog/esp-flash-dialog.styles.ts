// Theme tokens (public --esp-flash-* custom properties with light and dark defaults) and the frame.
import { css } from "lit";

export const dialogStyles = css`
  :host {
    --_accent: var(--esp-flash-accent, #0a58ca);
    --_accent-text: var(--esp-flash-accent-text, #fff);
    --_surface: var(--esp-flash-surface, #fff);
    --_text: var(--esp-flash-text, #1b1b1f);
    --_muted: var(--esp-flash-muted, #55595f);
    --_border: var(--esp-flash-border, #c4c7cc);
    --_note-bg: var(--esp-flash-note-background, #eef3fb);
    --_danger: var(--esp-flash-danger, #b3261e);
    --_radius: var(--esp-flash-radius, 8px);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--esp-flash-accent, #8ab4f8);
      --_accent-text: var(--esp-flash-accent-text, #0b1a33);
      --_surface: var(--esp-flash-surface, #1f2023);
      --_text: var(--esp-flash-text, #e6e6e9);
      --_muted: var(--esp-flash-muted, #b4b7bd);
      --_border: var(--esp-flash-border, #4a4d52);
      --_note-bg: var(--esp-flash-note-background, #2a2f38);
      --_danger: var(--esp-flash-danger, #ffb4ab);
    }
  }
  dialog {
    box-sizing: border-box; width: min(36em, calc(100vw - 2em)); max-height: calc(100vh - 2em);
    padding: 1.5em; border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
    background: var(--_surface); color: var(--_text);
    font-family: var(--esp-flash-font, system-ui, sans-serif); line-height: 1.4;
  }
  dialog::backdrop { background: rgb(0 0 0 / 0.45); }
`;
