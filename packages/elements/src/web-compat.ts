// Opt-in drop-in for pages written for ESP Web Tools (dist/web/esp-web-tools-compat.js): loads the
// script-tag button and also defines <esp-web-install-button>, so such a page switches by changing
// only its script URL. The import stays a separate file: pages using both tags load the button once.
import { EspFlashButton } from "./web.js";

// ESP Web Tools' default button, from its source: #03a9f4 with white text, a pill (9999px), 14px
// at weight 500, padding 10px 24px, the same in dark mode. Its --esp-tools-button-* properties
// still theme it, and ours (--esp-flash-*) win over both. Only this tag looks like this; the
// selector outweighs the button's own `button` rules (dark mode included) whatever the order.
const EWT_LOOK =
  "button[part=button]{font-size:14px;font-weight:500;" +
  "padding:var(--esp-flash-button-padding,10px 24px);" +
  "border-radius:var(--esp-flash-radius,var(--esp-tools-button-border-radius,9999px));" +
  "background:var(--esp-flash-accent,var(--esp-tools-button-color,#03a9f4));" +
  "color:var(--esp-flash-accent-text,var(--esp-tools-button-text-color,#fff))}";
let look: CSSStyleSheet | undefined;

// A function, not constructor code: the manifest analyzer reads `root.x = …` in a constructor as
// a public field of the element, and the framework typings then offer it as a prop.
function adoptLook(root: ShadowRoot): void {
  if (!look) {
    look = new CSSStyleSheet();
    look.replaceSync(EWT_LOOK);
  }
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, look];
}

/** `<esp-web-install-button>`: `<esp-flash-button>` under ESP Web Tools' tag name and look. */
export class EspWebInstallButton extends EspFlashButton {
  /** As ESP Web Tools': whether this browser can install (Web Serial, or WebUSB on Android). */
  static readonly isSupported =
    !!globalThis.navigator && ("serial" in navigator || "usb" in navigator);
  /** As ESP Web Tools': whether the page may use them (a secure context: https or localhost). */
  static readonly isAllowed = globalThis.isSecureContext === true;

  constructor() {
    super();
    adoptLook(this.shadowRoot!);
  }
}

// Nothing to define where there is no DOM (SSR).
if (globalThis.customElements && !customElements.get("esp-web-install-button"))
  customElements.define("esp-web-install-button", EspWebInstallButton);

export * from "./web.js";

declare global {
  interface HTMLElementTagNameMap {
    "esp-web-install-button": EspWebInstallButton;
  }
}
