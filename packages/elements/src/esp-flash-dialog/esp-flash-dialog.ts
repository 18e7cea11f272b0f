import { updateWhenLocaleChanges } from "@lit/localize";
import { LitElement, html, nothing, type PropertyValues } from "lit";
import { property, query } from "lit/decorators.js";
import type { SerialPortLike } from "../core-types.js";
import { dialogStyles } from "./esp-flash-dialog.styles.js";
import type { Actions, View } from "./view-state.js";
import { chooseBuildStyles, renderChooseBuild } from "./views/choose-build.js";
import { backupStyles, renderBackup } from "./views/backup.js";
import { renderConnecting } from "./views/connecting.js";
import { renderConsole } from "./views/console.js";
import { renderDone } from "./views/done.js";
import { eraseStyles, renderErase } from "./views/erase.js";
import { errorStyles, renderError } from "./views/error.js";
import { portCancelledStyles, renderPortCancelled } from "./views/port-cancelled.js";
import { progressStyles, renderProgress } from "./views/progress.js";
import { sharedStyles } from "./views/shared.js";
import { renderSummary, summaryStyles } from "./views/summary.js";
import { renderVerifying, verifyingStyles } from "./views/verifying.js";
import { renderDashboard } from "./views/dashboard.js";
import { deviceLinkStyles } from "./views/device-links.js";
import { renderImprovWaiting, renderProbing } from "./views/device-wait.js";
import { renderProvisioned } from "./views/provisioned.js";
import { renderWifi, renderWifiConnecting, wifiStyles } from "./views/wifi.js";
import { networkStyles } from "./views/wifi-networks.js";

const noop = () => undefined;
const idleActions: Actions = {
  pickPort: noop,
  chooseBuild: noop,
  next: noop,
  setErase: noop,
  setBackup: noop,
  install: noop,
  cancel: noop,
  retry: noop,
  openConsole: noop,
  close: noop,
  copy: noop,
  reinstall: noop,
  installFirmware: noop,
  showWifi: noop,
  selectNetwork: noop,
  rescan: noop,
  connectWifi: noop,
  skipWifi: noop,
};

/**
 * The install dialog: a native modal `<dialog>` showing one small view per state.
 * Presentational: it renders `view` and calls `actions`; the flow lives in FlashController.
 *
 * @csspart dialog - The `<dialog>` element.
 * @csspart title - Each view's heading.
 * @csspart actions - The button row.
 * @csspart primary - The main button of a view.
 * @csspart secondary - Other buttons.
 * @csspart progress - Progress bars.
 */
export class EspFlashDialog extends LitElement {
  static override styles = [
    dialogStyles,
    sharedStyles,
    portCancelledStyles,
    chooseBuildStyles,
    summaryStyles,
    eraseStyles,
    backupStyles,
    progressStyles,
    verifyingStyles,
    errorStyles,
    deviceLinkStyles,
    wifiStyles,
    networkStyles,
  ];

  @property({ attribute: false }) accessor view: View = { name: "idle" };
  @property({ attribute: false }) accessor actions: Actions = idleActions;
  @property({ attribute: false }) accessor port: SerialPortLike | undefined;
  @property({ attribute: false }) accessor log: string[] = [];
  /** Render in place instead of as a modal (for documentation pages). */
  @property({ type: Boolean }) accessor inline = false;
  @query("dialog") private accessor dialog!: HTMLDialogElement;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const d = this.dialog;
    if (this.view.name === "closed" || this.view.name === "idle") {
      if (d.open) d.close();
      return;
    }
    // Out of the document (its button was removed mid-install) a dialog cannot be shown.
    if (!this.isConnected) return;
    if (!d.open) {
      if (this.inline) d.show();
      else d.showModal();
    }
    const prev = changed.get("view") as View | undefined;
    if (changed.has("view") && prev?.name !== this.view.name) this.moveFocus();
  }

  /** A new view takes focus: its chosen control, else its heading. */
  private moveFocus(): void {
    const target =
      this.renderRoot.querySelector<HTMLElement>("[data-focus]") ??
      this.renderRoot.querySelector("h2");
    target?.focus();
  }

  private onCancel(e: Event): void {
    e.preventDefault(); // Escape goes through the flow, which stops a running session first.
    this.actions.close();
  }

  private body() {
    const v = this.view,
      a = this.actions;
    switch (v.name) {
      case "port-cancelled":
        return renderPortCancelled(a);
      case "connecting":
        return renderConnecting(v.step, a);
      case "choose-build":
        return renderChooseBuild(v, a);
      case "summary":
        return renderSummary(v, a);
      case "erase":
        return renderErase(v, a);
      case "backup":
        return renderBackup(v, a);
      case "progress":
        return renderProgress(v, a);
      case "verifying":
        return renderVerifying(v);
      case "done":
        return renderDone(v, a);
      case "error":
        return renderError(v.error, a);
      case "console":
        return renderConsole(this.port, this.log, a);
      case "probing":
        return renderProbing(a);
      case "improv-waiting":
        return renderImprovWaiting(v, a);
      case "dashboard":
        return renderDashboard(v, a);
      case "wifi":
        return renderWifi(v, a);
      case "wifi-connecting":
        return renderWifiConnecting(v);
      case "provisioned":
        return renderProvisioned(v, a);
      default:
        return nothing;
    }
  }

  override render() {
    return html`<dialog part="dialog" class=${this.view.name === "console" ? "wide" : ""} aria-labelledby="title"
      @cancel=${this.onCancel}>${this.body()}</dialog>`;
  }
}

if (!customElements.get("esp-flash-dialog"))
  customElements.define("esp-flash-dialog", EspFlashDialog);
declare global {
  interface HTMLElementTagNameMap {
    "esp-flash-dialog": EspFlashDialog;
  }
}
