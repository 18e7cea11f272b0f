// What the board's flash says it holds, read before anything is written: "micropython v1.23.0
// is on this board". Names come from the board (or the manifest) and are isolated like any text
// from outside.
import { msg } from "@lit/localize";
import { html, nothing } from "lit";
import type { FlashPlan, Manifest } from "../../core-types.js";
import { manifestText } from "./shared.js";

export function foundOnBoard(plan: FlashPlan, manifest: Manifest) {
  const found = plan.onBoard;
  if (!found) return nothing;
  const line = (text: unknown) => html`<p class="found" data-found=${found.kind}>${text}</p>`;
  if (found.kind === "empty")
    return line(msg("The board's flash is empty.", { id: "found.empty" }));
  if (found.kind === "esp8266" && found.layout === "micropython")
    return line(
      msg("MicroPython is on this board (its ESP8266 image does not record a version).", {
        id: "found.micropython-8266",
      }),
    );
  const d = found.kind === "esp-idf" ? found.app?.description : undefined;
  if (!d) return nothing;
  // The same project: the manifest's spelling of its name ("MicroPython", not "micropython").
  const name =
    plan.relation === "same-project" || plan.relation === "same-build"
      ? manifest.name
      : d.projectName;
  const what = html`${manifestText(name)} ${manifestText(d.version)}`;
  return line(msg(html`${what} is on this board.`, { id: "found.app" }));
}
