import { html, render } from "lit";
import type { VirtualEsp, VirtualSerialPort } from "@esp-flash/virtual-device";

export type Choice = VirtualSerialPort<VirtualEsp> | "real" | null;

const label = (d: VirtualEsp) =>
  `Virtual ${d.chip}, ${d.flashSize} (${d.usbKind === "usb-jtag-serial" ? "USB-Serial/JTAG" : "CP2102 bridge"})`;

/**
 * Stands in front of the browser's port picker: the virtual boards, or "a real board…",
 * which opens the browser's own picker (the click is a fresh user gesture).
 */
export function choosePort(ports: VirtualSerialPort<VirtualEsp>[]): Promise<Choice> {
  const dialog = document.createElement("dialog");
  dialog.className = "port-chooser";
  dialog.style.cssText =
    "font: 15px/1.4 system-ui, sans-serif; border: 1px solid #ccc; border-radius: 12px; padding: 1rem 1.5rem";
  document.body.append(dialog);
  return new Promise<Choice>((resolve) => {
    const pick = (choice: Choice) => () => {
      dialog.close();
      dialog.remove();
      resolve(choice);
    };
    dialog.addEventListener("cancel", pick(null));
    render(
      html`<form method="dialog">
        <p><strong>Which board is on your desk?</strong></p>
        ${ports.map((p) => html`<p><button type="button" @click=${pick(p)}>${label(p.device)}</button></p>`)}
        ${
          "serial" in navigator
            ? html`<p><button type="button" @click=${pick("real")}>A real board…</button></p>`
            : null
        }
        <p><button type="button" @click=${pick(null)}>Cancel</button></p>
      </form>`,
      dialog,
    );
    dialog.showModal();
  });
}
