// The note <esp-flash-button> shows when the installer cannot start: its dialog's code did not
// load (offline, a CSP, a CDN hiccup) or another library holds one of our tag names. Plain DOM
// and its own tiny chunk: neither Lit nor the dialog's styles can be counted on here.
import { langOf, pickLocale, type Locale } from "../locale-tag.js";
import { emit } from "./events.js";

type Code = "load-failed" | "element-conflict";

const TEXT: Record<Locale, Record<Code | "title" | "close", string>> = {
  en: {
    title: "The installer could not start",
    "load-failed":
      "Part of it did not load (offline, or blocked by the page). Reload the page and try again.",
    "element-conflict":
      "Another script on this page uses its element names. Tell the site's author.",
    close: "Close",
  },
  de: {
    title: "Der Installer konnte nicht starten",
    "load-failed":
      "Ein Teil wurde nicht geladen (offline oder von der Seite blockiert). Laden Sie die Seite neu und versuchen Sie es erneut.",
    "element-conflict":
      "Ein anderes Skript auf dieser Seite nutzt seine Elementnamen. Bitte melden Sie es dem Betreiber der Seite.",
    close: "Schließen",
  },
  "zh-Hans": {
    title: "安装程序无法启动",
    "load-failed": "部分内容未能加载（离线或被页面阻止）。请刷新页面后重试。",
    "element-conflict": "此页面上的另一个脚本占用了它的元素名称。请告知网站作者。",
    close: "关闭",
  },
};

const CSS = `dialog{box-sizing:border-box;max-width:min(30em,calc(100vw - 2em));padding:1.5em;border:1px solid var(--esp-flash-border,#c8cbd0);
border-radius:16px;background:var(--esp-flash-surface,#fff);color:var(--esp-flash-text,#1b1b1f);line-height:1.45;
font-family:var(--esp-flash-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,"Noto Sans CJK SC",sans-serif)}
dialog h2{font-size:1.2em;margin:0 0 .5em}dialog p{margin:0 0 1.25em}dialog button{display:block;margin-inline-start:auto}
dialog::backdrop{background:rgb(0 0 0/.45)}
@media (prefers-color-scheme:dark){dialog{background:var(--esp-flash-surface,#1f2023);color:var(--esp-flash-text,#e4e4e7);
border-color:var(--esp-flash-border,#4a4d53)}}`;
let sheet: CSSStyleSheet | undefined;

/** Shows the note as a modal in `root` (the button's shadow root); it removes itself when closed. */
export function showCannotStart(root: ShadowRoot, code: Code, lang: string): HTMLDialogElement {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  if (!root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const text = TEXT[pickLocale(lang)];
  const dialog = document.createElement("dialog");
  dialog.setAttribute("part", "dialog");
  dialog.setAttribute("role", "alertdialog");
  dialog.setAttribute("aria-labelledby", "esp-flash-cannot-start");
  const title = Object.assign(document.createElement("h2"), {
    id: "esp-flash-cannot-start",
    textContent: text.title,
  });
  const close = Object.assign(document.createElement("button"), {
    type: "button",
    textContent: text.close,
  });
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  dialog.append(
    title,
    Object.assign(document.createElement("p"), { textContent: text[code] }),
    close,
  );
  root.append(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}

/** Tells the page (`esp-flash-error`) and the person (the note) why the installer did not start. */
export function cannotStart(
  host: HTMLElement,
  root: ShadowRoot,
  error: Error & { code?: string },
): HTMLDialogElement {
  const code = error.code === "element-conflict" ? error.code : "load-failed";
  const message = String(error);
  emit(host, "esp-flash-error", { step: "connecting", code, message, details: message });
  return showCannotStart(root, code, langOf(host));
}
