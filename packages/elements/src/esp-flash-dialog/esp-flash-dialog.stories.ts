// One story per dialog view, from fixtures (CSF without framework imports, so this package
// needs no Storybook dependency). Live demos are in the docs package.
import { html } from "lit";
import "./esp-flash-dialog.js";
import "../esp-flash-console/esp-flash-console.js";
import { hostileManifest, plan, views } from "./fixtures.js";
import type { View } from "./view-state.js";

export default {
  title: "Elements/Install dialog",
  component: "esp-flash-dialog",
  parameters: { layout: "padded" },
};

const story = (view: View) => ({
  render: () => html`<esp-flash-dialog inline .view=${view}></esp-flash-dialog>`,
});

export const PortCancelled = story(views.portCancelled!);
export const Connecting = story(views.connecting!);
export const ChooseBuild = story(views.chooseBuild!);
export const DeviceSummary = story(views.summary!);
/** Secure boot on: nothing is patched, and the summary says why. */
export const SecuredChipSummary = story(views.securedSummary!);
export const EraseChoice = story(views.erase!);
/** "Back up the board's current flash first", ticked. */
export const EraseChoiceWithBackup = story(views.eraseBackup!);
/** Reading the board's flash before the install; Stop leaves it untouched. */
export const BackingUp = story(views.backup!);
/** The backup could not be saved: nothing was written, Retry can help. */
export const BackupFailed = story(views.errorBackup!);
export const Progress = story(views.progress!);
/** Stop pressed while writing: the session lets go of the port, then says what the flash holds. */
export const Stopping = story(views.progressStopping!);
export const Verifying = story(views.verifying!);
export const Done = story(views.done!);
/** Verified, but the port never carried out the reset: the board starts with its RESET button. */
export const DonePressReset = story(views.donePressReset!);
/** Re-flashing what is already on the board: nothing to write, no erase question (erase on request). */
export const AlreadyInstalled = story(views.summaryInstalled!);
export const AlreadyUpToDate = story(views.doneUnchanged!);
/** A retry can succeed (unplugged mid-write): Retry comes first. */
export const ErrorView = story(views.error!);
/** Stopped while writing: what the flash holds now, and Install again first. */
export const Stopped = story(views.errorStopped!);
/** A retry cannot help (the firmware is larger than the flash): Close comes first. */
export const ErrorNoRetry = story(views.errorTooLarge!);
/** A U+202E override in the name stays inside it; the version still reads left to right. */
export const BidiName = story(views.summaryBidi!);
/** A 3,000-character name is cut to three lines; the full text is in the tooltip. */
export const LongName = story(views.summaryLong!);
/** Every color, the corner radius and the font come from --esp-flash-* custom properties. */
export const Themed = {
  render:
    () => html`<esp-flash-dialog inline .view=${views.summary!} style="--esp-flash-accent: #2e7d32;
    --esp-flash-radius: 4px; --esp-flash-surface: #fbfaf5; --esp-flash-note-background: #eef3e8; --esp-flash-font: Georgia, serif"></esp-flash-dialog>`,
};
export const Console = story(views.console!);
/** Opened from a menu: Back returns there, Close ends the dialog. */
export const ConsoleWithBack = story({ name: "console", back: true });
/** A board without Improv, as ESP Web Tools offers: Install, or look at it in the console. */
export const BoardMenu = story(views.menu!);
/** The menu while the board's flash is read (about 3.5 KB; nothing written). */
export const BoardMenuReading = story(views.menuReading!);
/** Manifest text is always rendered as text. */
export const HostileManifest = story({
  name: "summary",
  plan,
  manifest: hostileManifest,
  notes: [],
  askErase: false,
});
