// What an install does to the data already on the board, said before anything is written or
// erased, on every confirmation: an erase is a warning no one can miss, keeping data is said too.
import { msg } from "@lit/localize";
import { css, html } from "lit";

/** `erase`: the whole flash is erased first; `keep`: only the firmware's own areas are written
 * (`update`: and the board runs another version of this firmware); `choose`: the next step asks. */
export type DataFate = "erase" | "keep" | "update" | "choose";

export function dataFate(fate: DataFate) {
  if (fate === "erase")
    return html`<p class="fate erase" data-fate="erase"><strong>${msg("All data on the board will be erased: files, Wi-Fi settings and anything else saved on it.", { id: "fate.erase" })}</strong></p>`;
  if (fate === "choose")
    return html`<p class="fate" data-fate="choose">${msg("Next, you choose whether the data on the board is erased.", { id: "fate.choose" })}</p>`;
  if (fate === "update")
    return html`<p class="fate keep" data-fate="update">${msg("This updates the firmware already on the board: nothing is erased, so files and settings saved on the board are kept.", { id: "fate.update" })}</p>`;
  return html`<p class="fate keep" data-fate="keep">${msg("Nothing is erased: only the firmware's own areas are written. Files and settings saved elsewhere on the board are kept.", { id: "fate.keep" })}</p>`;
}

export const dataFateStyles = css`
  .found { margin: 0 0 0.5em; font-weight: 500; }
  .fate { margin: 0.75em 0; padding: 0.6em 0.9em; border-radius: var(--_radius); border-inline-start: 4px solid var(--_accent); background: var(--_note-bg); }
  .fate.erase { border-inline-start-color: var(--_danger); color: var(--_danger); background: color-mix(in srgb, var(--_danger) 10%, var(--_surface)); }
`;
