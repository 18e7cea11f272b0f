// No port was picked: the usual reasons a board does not show up, and a way to try again.
import { msg } from "@lit/localize";
import { css, html } from "lit";
import type { Actions } from "../view-state.js";
import { actions, title } from "./shared.js";

/** Without Web Serial the board is reached over WebUSB (Android): no drivers, no dialout group. */
const overWebUsb = () => !("serial" in navigator) && "usb" in navigator;

export const renderPortCancelled = (a: Actions) => html`
  ${title(msg("No serial port was chosen", { id: "cancelled.title" }), "info")}
  <p>${msg("If your board is not in the list:", { id: "cancelled.intro" })}</p>
  ${
    overWebUsb()
      ? html`<ul class="tips" data-tips="webusb">
    <li>${msg("Connect the board with a USB OTG adapter or cable that carries data — many charge-only cables do not.", { id: "cancelled.otg" })}</li>
    <li>${msg("Hold the BOOT button while plugging the board in, then release it.", { id: "cancelled.boot" })}</li>
    <li>${msg("When Android asks whether this browser may use the USB device, allow it.", { id: "cancelled.android-allow" })}</li>
  </ul>`
      : html`<ul class="tips" data-tips="serial">
    <li>${msg("Use a USB cable that carries data — many charge-only cables do not.", { id: "cancelled.cable" })}</li>
    <li>${msg("Hold the BOOT button while plugging the board in, then release it.", { id: "cancelled.boot" })}</li>
    <li>${msg("Install the driver for its USB chip (CP210x or CH34x) and reconnect.", { id: "cancelled.drivers" })}</li>
    <li>${msg("On Linux, add yourself to the dialout group and log in again:", { id: "cancelled.linux" })}
      <code>sudo usermod -aG dialout $USER</code></li>
  </ul>`
  }
  ${actions([
    { label: msg("Close", { id: "action.close" }), run: a.close },
    {
      label: msg("Choose a port", { id: "action.pick-port" }),
      run: a.pickPort,
      primary: true,
      focus: true,
    },
  ])}`;

export const portCancelledStyles = css`
  .tips { padding-inline-start: 1.2em; line-height: 1.5; }
  .tips li + li { margin-top: 0.35em; }
  .tips code { display: block; width: fit-content; margin-top: 0.35em; padding: 0.3em 0.6em;
    border-radius: calc(var(--_radius) / 2); background: var(--_note-bg); }
`;
