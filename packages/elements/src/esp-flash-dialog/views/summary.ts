// What was found and what will happen: chip, MAC, flash size, build, bytes to write, header
// fixes in plain words; or, when every part is already on the board, that nothing will be written.
import { msg, str } from "@lit/localize";
import { css, html } from "lit";
import {
  alreadyInstalled,
  bytesToWrite,
  type Actions,
  type PatchNote,
  type View,
} from "../view-state.js";
import { backupOption } from "./backup-option.js";
import { dataFate } from "./data-fate.js";
import { foundOnBoard, runningOnBoard } from "./found-on-board.js";
import {
  actions,
  formatBytes,
  formatSizeName,
  manifestText,
  title,
  type ActionButton,
} from "./shared.js";

type V = View & { name: "summary" };

export function noteText(n: PatchNote): string {
  const [from, to] =
    n.field === "flashSize" ? [formatSizeName(n.from), formatSizeName(n.to)] : [n.from, n.to];
  if (n.field === "flashSize")
    return msg(str`Firmware header says ${from}, this board has ${to} — fixed while writing.`, {
      id: "summary.patch-size",
    });
  if (n.field === "flashMode")
    return msg(
      str`Firmware header asks for flash mode ${from}, this board needs ${to} — fixed while writing.`,
      { id: "summary.patch-mode" },
    );
  return msg(
    str`Firmware header asks for flash speed ${from}, using ${to} — fixed while writing.`,
    { id: "summary.patch-freq" },
  );
}

/** Name and version of the firmware, each isolated (either may be right-to-left or hostile). */
export const firmwareName = (m: { name?: string; version?: string } | undefined) =>
  html`${manifestText(m?.name)}${m?.name && m.version ? " " : ""}${manifestText(m?.version)}`;

export function renderSummary(v: V, a: Actions) {
  const { device, build, parts } = v.plan;
  const installed = alreadyInstalled(v.plan);
  const bytes = bytesToWrite(v.plan, v.plan.erase);
  const kept = parts.filter((p) => p.skip).length;
  const unknown = msg("unknown", { id: "summary.unknown" });
  const cancel: ActionButton = { label: msg("Cancel", { id: "action.cancel" }), run: a.cancel };
  // The board's flash names another version of the same project, or its firmware said so over
  // Improv and the person chose Update: an update, data kept.
  const update = !installed && !v.plan.erase && (v.plan.relation === "same-project" || !!v.update);
  const reinstall: ActionButton[] =
    (installed || update) && v.canErase
      ? [
          {
            label: msg("Erase and reinstall…", { id: "action.reinstall" }),
            run: a.reinstall,
            quiet: true,
          },
        ]
      : [];
  const go: ActionButton = installed
    ? { label: msg("Continue", { id: "action.continue" }), run: a.next, primary: true, focus: true }
    : v.askErase
      ? { label: msg("Next", { id: "action.next" }), run: a.next, primary: true, focus: true }
      : {
          label: msg("Install", { id: "action.install" }),
          run: a.next,
          primary: true,
          focus: true,
        };
  return html`
    ${
      installed
        ? title(
            msg(html`${firmwareName(v.manifest)} is already installed`, {
              id: "summary.installed-title",
            }),
            "success",
          )
        : update
          ? title(
              msg(html`Update to ${firmwareName(v.manifest)}?`, { id: "summary.update-title" }),
              "info",
            )
          : title(msg(html`Install ${firmwareName(v.manifest)}?`, { id: "summary.title" }), "info")
    }
    ${v.running ? runningOnBoard(v.running) : foundOnBoard(v.plan, v.manifest)}
    ${installed ? html`<p>${msg("Already installed — nothing to write; the board will be checked and restarted.", { id: "summary.installed" })}</p>` : ""}
    ${dataFate(v.plan.erase ? "erase" : v.askErase ? "choose" : update ? "update" : "keep")}
    <div class="card"><dl>
      <dt>${msg("Chip", { id: "summary.chip" })}</dt><dd>${chipLabel(device)}</dd>
      <dt>${msg("MAC address", { id: "summary.mac" })}</dt><dd><code>${device.mac}</code></dd>
      <dt>${msg("Flash size", { id: "summary.flash" })}</dt><dd>${device.flashSize ? formatSizeName(device.flashSize) : unknown}</dd>
      <dt>${msg("Build", { id: "summary.build" })}</dt><dd class="clamp">${manifestText(build.name ?? build.chipFamily)}</dd>
      ${
        installed
          ? ""
          : html`<dt>${msg("To write", { id: "summary.size" })}</dt>
        <dd>${formatBytes(bytes)}${kept ? html` <span class="muted">${msg(str`(${kept} of ${parts.length} parts already on the board)`, { id: "summary.kept" })}</span>` : ""}</dd>`
      }
    </dl></div>
    ${v.notes.length && !installed ? html`<ul class="notes">${v.notes.map((n) => html`<li>${noteText(n)}</li>`)}</ul>` : ""}
    ${v.plan.flashSizeNote ? html`<p class="muted">${sizeNote(v.plan.flashSizeNote, device)}</p>` : ""}
    ${
      v.plan.securityNote
        ? // Core's note is English; a secured chip (secure boot or flash encryption) gets ours.
          html`<p class="muted">${msg("This chip has secure boot or flash encryption on: the firmware is written exactly as built (patching its header would break its signature), and nothing is written below 0x8000.", { id: "summary.secured" })}</p>`
        : ""
    }
    ${installed || v.askErase ? "" : backupOption(v.backup, v.plan.flashBound, a)}
    ${actions([...reinstall, cancel, go])}`;
}

export const summaryStyles = css`
  .notes { margin: 0.75em 0; padding: 0 0 0 1.25em; color: var(--_muted); font-size: 0.95em; }
  .notes li + li { margin-top: 0.25em; }
  h2, .clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
`;

/** Core's note when the flash size is unknown, in the person's language (else core's text). */
function sizeNote(note: string, device: { flashId: number; flashSize?: string }): string {
  if (device.flashSize) return note;
  const id = `0x${device.flashId.toString(16)}`;
  return msg(
    str`The flash chip (ID ${id}) is not in the known tables, so its size is unknown: the size in the firmware header is kept.`,
    { id: "summary.size-unknown" },
  );
}

/** esptool-js's description often names the revision already ("… (revision v0.0)"). */
export function chipLabel(device: { chipName: string; revision?: string }): string {
  if (!device.revision || /revision/i.test(device.chipName)) return device.chipName;
  return `${device.chipName} (rev ${device.revision})`;
}
