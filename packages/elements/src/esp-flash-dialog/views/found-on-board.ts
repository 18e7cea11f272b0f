// What the board's flash says it holds, read before anything is written: "micropython v1.23.0
// is on this board". Names come from the board (or the manifest) and are isolated like any text
// from outside.
import { msg } from "@lit/localize";
import { html, nothing } from "lit";
import type { FirmwareIdentity, FlashPlan, Manifest } from "../../core-types.js";
import { manifestText } from "./shared.js";

export function foundOnBoard(plan: FlashPlan, manifest: Manifest) {
  // The same project: the manifest's spelling of its name ("MicroPython", not "micropython").
  const same = plan.relation === "same-project" || plan.relation === "same-build";
  return plan.onBoard ? foundLine(plan.onBoard, same ? manifest.name : undefined) : nothing;
}

/** One line naming what `found` is; `name` replaces the project name the board gives. */
export function foundLine(found: FirmwareIdentity, name?: string) {
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
  const what = html`${manifestText(name ?? d.projectName)} ${manifestText(d.version)}`;
  return line(msg(html`${what} is on this board.`, { id: "found.app" }));
}

/** What the board's firmware said over Improv it runs: "ESPHome 2024.5.2 is on this board." */
export function runningOnBoard(running: { name: string; version: string }) {
  const what = html`${manifestText(running.name)} ${manifestText(running.version)}`;
  return html`<p class="found" data-found="improv">${msg(html`${what} is on this board.`, { id: "found.app" })}</p>`;
}
