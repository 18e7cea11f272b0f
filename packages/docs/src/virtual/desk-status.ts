import { LitElement, css, html } from "lit";
import { property, state } from "lit/decorators.js";
import type { DeskBoard } from "./desk.js";

/** Shows the virtual board beside the button: what it is, its state, its last boot. */
export class DeskStatus extends LitElement {
  static override styles = css`
    :host { display: block; margin-top: 1rem; font: 0.85rem/1.4 system-ui, sans-serif; color: #444; }
    pre { max-height: 12rem; overflow: auto; background: #111; color: #ddd; padding: 0.5rem; }
  `;

  @property({ attribute: false }) accessor board: DeskBoard | undefined;
  @state() private accessor tick = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // The device has no change events; polling a few times a second is plenty for a demo.
    this.#timer = setInterval(() => this.tick++, 250);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  override render() {
    const device = this.board?.device;
    if (!device) return html`<p>No virtual board plugged in.</p>`;
    const usb =
      device.usbKind === "usb-jtag-serial" ? "built-in USB-Serial/JTAG" : "USB-UART bridge";
    return html`
      <p>
        Virtual ${device.chip}, ${device.flashSize} flash, ${usb}: <strong data-state>${device.state}</strong>
        (${(device.clock.elapsedMs / 1000).toFixed(1)} s on its clock)
        ${
          device.state === "disconnected"
            ? html`<button @click=${() => device.reconnect()}>Plug it back in</button>`
            : null
        }
      </p>
      ${device.bootLog ? html`<pre data-boot-log>${device.bootLog}</pre>` : null}
    `;
  }
}

if (!customElements.get("desk-status")) customElements.define("desk-status", DeskStatus);

declare global {
  interface HTMLElementTagNameMap {
    "desk-status": DeskStatus;
  }
}
