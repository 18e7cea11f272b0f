// Several builds in the manifest fit this chip: the person picks one.
import { msg, str } from "@lit/localize";
import { css, html } from "lit";
import type { View, Actions } from "../view-state.js";
import { actions, manifestText, title } from "./shared.js";

type V = View & { name: "choose-build" };

export const renderChooseBuild = (v: V, a: Actions) => html`
  ${title(msg("Choose a build", { id: "choose.title" }), "info")}
  <p>${msg(str`Several builds fit this ${v.device.chipName}. Which one should be installed?`, { id: "choose.intro" })}</p>
  <ul class="builds" aria-labelledby="title">
    ${v.builds.map(
      (b, i) => html`<li><button type="button" class="build" ?data-focus=${i === 0}
      @click=${() => a.chooseBuild(b)}>${b.name ? manifestText(b.name) : msg(str`Build ${i + 1}`, { id: "choose.unnamed" })}</button></li>`,
    )}
  </ul>
  ${actions([{ label: msg("Cancel", { id: "action.cancel" }), run: a.cancel }])}`;

export const chooseBuildStyles = css`
  .builds { list-style: none; padding: 0; display: grid; gap: 0.5em; }
  .build { width: 100%; text-align: start; padding: 0.75em 1em; }
  .build .ext { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
`;
