// The console's look, plus the few rules @xterm/xterm needs inside a shadow root (its own
// stylesheet cannot reach in; what xterm computes at run time arrives as adopted sheets).
import { css } from "lit";
import { controlStyles, themeTokens } from "../styles/tokens.js";

const xtermRules = css`
  .xterm { position: relative; height: 100%; user-select: none; cursor: text; }
  .xterm:focus, .xterm.focus { outline: none; }
  .xterm .xterm-helpers { position: absolute; top: 0; z-index: 5; }
  .xterm .xterm-helper-textarea { position: absolute; opacity: 0; left: -9999em; top: 0; width: 0; height: 0;
    z-index: -5; overflow: hidden; resize: none; border: 0; padding: 0; margin: 0; white-space: nowrap; }
  .xterm .composition-view { display: none; position: absolute; white-space: nowrap; z-index: 1; }
  .xterm .composition-view.active { display: block; }
  .xterm .xterm-viewport { position: absolute; inset: 0; overflow-y: hidden; background: var(--_terminal-bg); }
  .xterm .xterm-screen { position: relative; }
  .xterm-char-measure-element { display: inline-block; visibility: hidden; position: absolute; top: 0; left: -9999em; line-height: normal; }
  .xterm .xterm-accessibility:not(.debug), .xterm .xterm-message { position: absolute; inset: 0; z-index: 10; color: transparent; pointer-events: none; }
  .xterm .xterm-accessibility-tree:not(.debug) *::selection { color: transparent; }
  .xterm .xterm-accessibility-tree { user-select: text; white-space: pre; }
  .xterm .live-region { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
  .xterm-dim { opacity: 0.6; }
  .xterm-underline-1 { text-decoration: underline; }
  .xterm-strikethrough { text-decoration: line-through; }
  .xterm .xterm-scrollable-element > .scrollbar { cursor: default; }
  .xterm .xterm-scrollable-element > .visible { opacity: 1; background: transparent; transition: opacity 0.1s linear; z-index: 11; }
  .xterm .xterm-scrollable-element > .invisible { opacity: 0; pointer-events: none; }
  .xterm .xterm-scrollable-element > .shadow { display: none; }
`;

export const consoleStyles = [
  themeTokens,
  controlStyles,
  xtermRules,
  css`
  :host { display: block; font-family: var(--_font); color: var(--_text); }
  .term {
    box-sizing: border-box; height: min(20em, 45vh); padding: 0.5em 0.25em 0.5em 0.75em; overflow: hidden;
    border-radius: var(--_radius); background: var(--_terminal-bg); color: var(--_terminal-text);
  }
  .status { margin: 0.5em 0 0; color: var(--_muted); }
  .status.error { color: var(--_danger); }
  .line { display: flex; align-items: center; gap: 0.5em; margin-top: 0.75em; }
  .prompt { font-family: var(--_mono); color: var(--_muted); }
  .line input {
    flex: 1; min-width: 0; min-height: 2.5em; box-sizing: border-box; padding: 0.4em 0.75em;
    font: inherit; font-family: var(--_mono); font-size: 0.95em; color: var(--_text); background: transparent;
    border: 1px solid var(--_border); border-radius: var(--_radius);
  }
  .line input::placeholder { color: var(--_muted); opacity: 0.8; }
  .keys { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em; margin-top: 0.5em; }
  .keys button, .keys select { min-height: 2.25em; padding: 0.3em 0.75em; font-size: 0.9em; }
  .keys .end { margin-inline-start: auto; }
  kbd { font-family: var(--_mono); font-size: 0.85em; padding: 0.05em 0.35em; border-radius: 4px;
    border: 1px solid var(--_border); background: var(--_note-bg); }
  .baud { display: inline-flex; align-items: center; gap: 0.4em; color: var(--_muted); font-size: 0.9em; }
  select { background: var(--_surface); }
`,
];
