import { updateWhenLocaleChanges } from "@lit/localize";
import { LitElement, html, nothing, type PropertyValues } from "lit";
import { property, query } from "lit/decorators.js";
import type { SerialPortLike } from "../core-types.js";
import { dialogStyles } from "./esp-flash-dialog.styles.js";
import type { Actions, View, ViewName } from "./view-state.js";
import { loadFailure, renderErrorFallback } from "./views/error-fallback.js";
import { installViews } from "./views/install-views.js";
import { ViewRegistry } from "./views/registry.js";

const noop = () => undefined;
/** Views during which the board's flash is being read, erased, written or checked. */
const IGNORES_ESCAPE = new Set<ViewName>(["backup", "progress", "verifying"]);
const idleActions: Actions = {
  pickPort: noop,
  chooseBuild: noop,
  next: noop,
  setErase: noop,
  setBackup: noop,
  install: noop,
  cancel: noop,
  stop: noop,
  retry: noop,
  openConsole: noop,
  close: noop,
  copy: noop,
  reinstall: noop,
  back: noop,
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
  static override styles = [dialogStyles, ...installViews.styles];

  @property({ attribute: false }) accessor view: View = { name: "idle" };
  @property({ attribute: false }) accessor actions: Actions = idleActions;
  @property({ attribute: false }) accessor port: SerialPortLike | undefined;
  @property({ attribute: false }) accessor log: string[] = [];
  /** Render in place instead of as a modal (for documentation pages). */
  @property({ type: Boolean }) accessor inline = false;
  @query("dialog") private accessor dialog!: HTMLDialogElement;
  private readonly views = new ViewRegistry(installViews, () => this.renderRoot as ShadowRoot);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Whether `name` can render now, with no chunk to wait for. */
  canShow(name: ViewName): boolean {
    return this.views.has(name);
  }

  /** Fetches a view's chunk ahead, when the flow knows it will show; false if it cannot load. */
  async preload(name: ViewName): Promise<boolean> {
    await this.views.load(name);
    return !this.views.loadFailed(name);
  }

  /** A view not shipped with the dialog renders once its chunk is in; until then the last one stays. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.views.load(this.view.name);
    return loading ? loading.then(() => this.scheduleUpdate()) : super.scheduleUpdate();
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
    if (!IGNORES_ESCAPE.has(this.view.name)) this.actions.close();
  }

  /** While the flash is read or written, Escape does nothing (as in ESP Web Tools): a stray key
   * must not stop an install half-way; the Stop button (which asks first) stays. Stopping the
   * key here also keeps Chromium from closing the dialog after repeated Escapes. */
  private onKeydown(e: KeyboardEvent): void {
    if (e.key === "Escape" && IGNORES_ESCAPE.has(this.view.name)) e.preventDefault();
  }

  private body() {
    const v = this.view,
      a = this.actions;
    if (!this.views.loadFailed(v.name))
      return this.views.render(v, a, { port: this.port, log: this.log }) ?? nothing;
    return renderErrorFallback(v.name === "error" ? v.error : loadFailure(v.name), a);
  }

  override render() {
    return html`<dialog part="dialog" class=${this.view.name === "console" ? "wide" : ""} aria-labelledby="title"
      @cancel=${this.onCancel} @keydown=${this.onKeydown}>${this.body()}</dialog>`;
  }
}

if (!customElements.get("esp-flash-dialog"))
  customElements.define("esp-flash-dialog", EspFlashDialog);
declare global {
  interface HTMLElementTagNameMap {
    "esp-flash-dialog": EspFlashDialog;
  }
}
