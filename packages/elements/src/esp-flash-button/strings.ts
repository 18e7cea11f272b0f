// The button's own three strings, per locale. They are shown before anything else loads, so
// they live here rather than in @lit/localize's tables (which load with the dialog).
import type { Locale } from "../locale-tag.js";

/** By what the browser supports: the button's label, or the note shown instead of it. */
export interface ButtonStrings {
  supported: string; unsupported: string; "not-allowed": string;
  /** Shown when the installer itself cannot start (its code did not load, or a tag name is taken). */
  problem: { title: string; "load-failed": string; "element-conflict": string; close: string };
}

export const BUTTON_STRINGS: Record<Locale, ButtonStrings> = {
  en: {
    supported: "Connect",
    unsupported: "Your browser cannot flash boards: use Chrome or Edge on a computer.",
    "not-allowed": "Flashing needs a secure page (https).",
    problem: {
      title: "The installer could not start",
      "load-failed": "Part of the installer could not be loaded (offline, or blocked by the page). Check the connection, reload the page and try again.",
      "element-conflict": "Another script on this page took over a part of the installer. Tell the site's author: two libraries define the same element name.",
      close: "Close",
    },
  },
  de: {
    supported: "Verbinden",
    unsupported: "Dieser Browser kann keine Boards flashen: Nutzen Sie Chrome oder Edge auf einem Computer.",
    "not-allowed": "Flashen braucht eine sichere Seite (https).",
    problem: {
      title: "Der Installer konnte nicht starten",
      "load-failed": "Ein Teil des Installers konnte nicht geladen werden (offline oder von der Seite blockiert). Prüfen Sie die Verbindung, laden Sie die Seite neu und versuchen Sie es erneut.",
      "element-conflict": "Ein anderes Skript auf dieser Seite hat einen Teil des Installers übernommen. Bitte melden Sie es dem Betreiber der Seite: Zwei Bibliotheken definieren denselben Elementnamen.",
      close: "Schließen",
    },
  },
  "zh-Hans": {
    supported: "连接",
    unsupported: "此浏览器无法烧录开发板：请在电脑上使用 Chrome 或 Edge。",
    "not-allowed": "烧录需要安全页面（https）。",
    problem: {
      title: "安装程序无法启动",
      "load-failed": "安装程序的一部分无法加载（离线，或被页面阻止）。请检查网络连接，刷新页面后重试。",
      "element-conflict": "此页面上的另一个脚本占用了安装程序的一部分。请告知网站作者：有两个库定义了相同的元素名称。",
      close: "关闭",
    },
  },
};
