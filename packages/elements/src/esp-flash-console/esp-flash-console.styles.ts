// Our own minimal rules for @xterm/xterm inside a shadow root (its stylesheet cannot reach in).
import { css } from "lit";

export const consoleStyles = css`
  :host { display: block; }
  .term { background: #111; border-radius: var(--_radius, 6px); padding: 0.25em; height: 18em; overflow: hidden; }
  .xterm { position: relative; height: 100%; user-select: none; cursor: text; }
  .xterm:focus, .xterm.focus { outline: none; }
  .xterm .xterm-helpers { position: absolute; top: 0; z-index: 5; }
  .xterm .xterm-helper-textarea { position: absolute; opacity: 0; left: -9999em; top: 0; width: 0; height: 0;
    z-index: -5; overflow: hidden; resize: none; border: 0; padding: 0; margin: 0; white-space: nowrap; }
  .xterm .composition-view { display: none; position: absolute; white-space: nowrap; z-index: 1; }
  .xterm .xterm-viewport { position: absolute; inset: 0; overflow-y: scroll; background: #111; }
  .xterm .xterm-screen { position: relative; }
  .xterm .xterm-screen canvas { position: absolute; left: 0; top: 0; }
  .xterm-char-measure-element { display: inline-block; visibility: hidden; position: absolute; top: 0; left: -9999em; }
  .xterm .xterm-accessibility:not(.debug), .xterm .xterm-message { position: absolute; inset: 0; z-index: 10; color: transparent; pointer-events: none; }
  .xterm .xterm-rows { color: #eee; }
  .controls { display: flex; flex-wrap: wrap; gap: 0.5em; margin-top: 0.5em; align-items: center; }
  .controls form { display: flex; flex: 1 1 16em; gap: 0.5em; }
  .controls input[type="text"] { flex: 1; font: inherit; font-family: ui-monospace, monospace; padding: 0.4em; }
  button, select { font: inherit; padding: 0.4em 0.8em; border-radius: var(--_radius, 6px); }
`;
