// The backup option where an install is confirmed (summary, erase): a checkbox with a hint.
import { msg, str } from "@lit/localize";
import { css, html } from "lit";
import type { FlashPlan } from "../../core-types.js";
import type { Actions } from "../view-state.js";
import { formatSizeName } from "./shared.js";

const hex = (n: number) => `0x${n.toString(16)}`;

/** What the file will hold: the whole flash only when the chip's flash ID gives its size. */
function rangeHint(bound: FlashPlan["flashBound"]): string {
  if (!bound)
    return msg(
      "The chip does not report its flash size, so a backup cannot tell how much to read.",
      {
        id: "backup.hint-unknown",
      },
    );
  const range = `${hex(0)}–${hex(bound.bytes)}`;
  const size = formatSizeName(bound.name);
  if (bound.source === "chip")
    return msg(
      str`Downloads a file of the whole flash (${size}, ${range}) before anything is written.`,
      {
        id: "backup.hint-whole",
      },
    );
  return msg(
    str`Downloads a file of ${range} (${size}, the size the firmware states) before anything is written. The chip does not report its flash size, so this may not be all of it.`,
    { id: "backup.hint-part" },
  );
}

export const backupOption = (
  checked: boolean | undefined,
  bound: FlashPlan["flashBound"],
  a: Actions,
) =>
  html` <label class="check card backup">
    <input
      type="checkbox"
      .checked=${!!checked}
      @change=${(e: Event) => a.setBackup((e.target as HTMLInputElement).checked)}
    />
    <span
      >${msg("Back up the board's current flash first", { id: "backup.label" })}
      <span class="muted hint"
        >${rangeHint(bound)}</span
      ></span
    >
  </label>`;

export const backupOptionStyles = css`
  .check { display: flex; gap: 0.75em; align-items: center; cursor: pointer; }
  .check input { flex: none; width: 1.2em; height: 1.2em; margin: 0; accent-color: var(--_accent); }
  .backup .hint {
    display: block;
    font-size: 0.9em;
    margin-top: 0.15em;
  }
`;
