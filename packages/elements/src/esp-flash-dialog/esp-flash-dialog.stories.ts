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
export const Progress = story(views.progress!);
export const Verifying = story(views.verifying!);
export const Done = story(views.done!);
export const ErrorView = story(views.error!);
export const Console = story(views.console!);
/** Manifest text is always rendered as text. */
export const HostileManifest = story({ name: "summary", plan, manifest: hostileManifest, notes: [], askErase: false });
