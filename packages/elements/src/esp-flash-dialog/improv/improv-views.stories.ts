// The Improv views from fixtures (the live Wi-Fi setup on a virtual board is in the docs package).
import { html } from "lit";
import "../esp-flash-dialog.js";
import type { View } from "../view-state.js";
import { improvViews as v } from "./fixtures.js";

export default {
  title: "Elements/Install dialog/Improv Wi-Fi",
  component: "esp-flash-dialog",
  parameters: { layout: "padded" },
};

const story = (view: View) => ({
  render: () => html`<esp-flash-dialog inline .view=${view}></esp-flash-dialog>`,
});

export const Probing = story(v.probing!);
export const WaitingForFirmware = story(v.waiting!);
/** The port did not reset the board after the install: the wait asks for its RESET button. */
export const WaitingPressReset = story(v.waitingPressReset!);
export const Dashboard = story(v.dashboard!);
export const Scanning = story(v.scanning!);
export const ChooseNetwork = story(v.wifi!);
export const WrongPassword = story(v.wrongPassword!);
export const JoinOther = story(v.joinOther!);
export const Joining = story(v.connecting!);
export const Provisioned = story(v.provisioned!);
