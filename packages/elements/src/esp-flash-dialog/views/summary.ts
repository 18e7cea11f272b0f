// What was found and what will happen: chip, MAC, flash size, build, and header fixes in plain words.
import { msg, str } from "@lit/localize";
import { css, html } from "lit";
import type { Actions, PatchNote, View } from "../view-state.js";
import { actions, formatBytes, title } from "./shared.js";

type V = View & { name: "summary" };

export function noteText(n: PatchNote): string {
  if (n.field === "flashSize")
    return msg(str`Firmware header says ${n.from}, this board has ${n.to} — fixed while writing.`, { id: "summary.patch-size" });
  if (n.field === "flashMode")
    return msg(str`Firmware header asks for flash mode ${n.from}, this board needs ${n.to} — fixed while writing.`, { id: "summary.patch-mode" });
  return msg(str`Firmware header asks for flash speed ${n.from}, using ${n.to} — fixed while writing.`, { id: "summary.patch-freq" });
}

export function renderSummary(v: V, a: Actions) {
  const { device, build, totalBytes } = v.plan;
  const firmware = [v.manifest.name, v.manifest.version].filter(Boolean).join(" ");
  const unknown = msg("unknown", { id: "summary.unknown" });
  return html`
    ${title(msg(str`Install ${firmware}?`, { id: "summary.title" }))}
    <dl>
      <dt>${msg("Chip", { id: "summary.chip" })}</dt>
      <dd>${chipLabel(device)}</dd>
      <dt>${msg("MAC address", { id: "summary.mac" })}</dt><dd><code>${device.mac}</code></dd>
      <dt>${msg("Flash size", { id: "summary.flash" })}</dt><dd>${device.flashSize ?? unknown}</dd>
      <dt>${msg("Build", { id: "summary.build" })}</dt><dd>${build.name ?? build.chipFamily}</dd>
      <dt>${msg("To write", { id: "summary.size" })}</dt><dd>${formatBytes(totalBytes)}</dd>
    </dl>
    ${v.notes.length ? html`<ul class="notes">${v.notes.map((n) => html`<li>${noteText(n)}</li>`)}</ul>` : ""}
    ${v.plan.flashSizeNote ? html`<p class="muted">${v.plan.flashSizeNote}</p>` : ""}
    ${v.plan.securityNote ? html`<p class="muted">${v.plan.securityNote}</p>` : ""}
    ${actions([
      { label: msg("Cancel", { id: "action.cancel" }), run: a.cancel },
      v.askErase
        ? { label: msg("Next", { id: "action.next" }), run: a.next, primary: true, focus: true }
        : { label: msg("Install", { id: "action.install" }), run: a.next, primary: true, focus: true },
    ])}`;
}

export const summaryStyles = css`
  .notes { padding: 0.5em 0.75em 0.5em 1.75em; border-radius: var(--_radius); background: var(--_note-bg); }
`;

/** esptool-js's description often names the revision already ("… (revision v0.0)"). */
export function chipLabel(device: { chipName: string; revision?: string }): string {
  if (!device.revision || /revision/i.test(device.chipName)) return device.chipName;
  return `${device.chipName} (rev ${device.revision})`;
}
