// The frame: theme tokens (src/styles/tokens.ts), the modal itself, its backdrop and entrance.
import { css } from "lit";
import { themeTokens } from "../styles/tokens.js";

export const dialogStyles = [
  themeTokens,
  css`
  dialog {
    box-sizing: border-box; width: min(34em, calc(100vw - 2em)); max-height: calc(100dvh - 2em);
    padding: 1.5em 1.5em 1.25em; border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 2);
    background: var(--_surface); color: var(--_text); box-shadow: var(--_shadow);
    font-family: var(--_font); font-size: 1rem; line-height: 1.45; overflow-wrap: anywhere;
  }
  dialog.wide { width: min(52em, calc(100vw - 2em)); }
  dialog[open] { animation: enter 0.18s ease-out; }
  dialog::backdrop { background: rgb(0 0 0 / 0.45); }
  @keyframes enter { from { opacity: 0; transform: translateY(0.5em) scale(0.98); } }
  @media (prefers-reduced-motion: reduce) { dialog[open] { animation: none; } }
`,
];
