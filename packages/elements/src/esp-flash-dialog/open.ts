// The lazily loaded half of <esp-flash-button>: core, the controller and the dialog.
import { FlashSession, loadManifest, parseManifest } from "@esp-flash/core";
import type { SerialPortLike } from "../core-types.js";
import { emit } from "../esp-flash-button/events.js";
import { FlashController, type ControllerDeps, type ControllerOptions } from "./controller.js";
import { EspFlashDialog } from "./esp-flash-dialog.js";
import type { Actions } from "./view-state.js";

export const coreDeps: ControllerDeps = {
  createSession: (o) => new FlashSession(o),
  loadManifest: (url, o) => loadManifest(url, o),
  parseManifest: (json, base) => parseManifest(json, base),
};

export interface FlowOptions extends ControllerOptions {
  host: HTMLElement; root: ParentNode & Node;
  requestPort(): Promise<SerialPortLike | undefined>;
}

/** Another library defined one of our tag names first: its element would sit there doing nothing. */
export class ElementConflictError extends Error {
  readonly code = "element-conflict";
  constructor(readonly tag: string) {
    super(`<${tag}> is already defined by another script on this page.`);
  }
}

/** Ours, or the reason it cannot be used. */
export function checkOwnElement(tag: string, ours: CustomElementConstructor): void {
  if (customElements.get(tag) !== ours) throw new ElementConflictError(tag);
}

const loadConsole = () => import("../esp-flash-console/esp-flash-console.js");

/** Opens the dialog in `root`, runs the flow on `port` (or shows help when none was picked). */
export function openFlow(o: FlowOptions, port: SerialPortLike | undefined, deps: ControllerDeps = coreDeps) {
  checkOwnElement("esp-flash-dialog", EspFlashDialog);
  const controller = new FlashController(deps, o);
  const dialog = document.createElement("esp-flash-dialog");
  dialog.setAttribute("exportparts", "dialog, title, actions, primary, secondary, progress, terminal");
  dialog.log = controller.log;
  const start = (p: SerialPortLike) => { dialog.port = p; void controller.start(p); };
  const actions: Actions = {
    pickPort: () => void o.requestPort().then((p) => (p ? start(p) : undefined)),
    chooseBuild: (b) => controller.chooseBuild(b),
    next: () => controller.next(), setErase: (e) => controller.setErase(e), install: () => controller.install(),
    reinstall: () => controller.reinstall(),
    cancel: () => controller.cancel(), retry: () => void controller.retry(),
    openConsole: () => controller.openConsole(), close: () => controller.close(),
    copy: (text) => void navigator.clipboard?.writeText(text).catch(() => undefined),
  };
  dialog.actions = actions;
  // The terminal (xterm, the largest chunk) loads only for the console; fetching it starts
  // once flashing is done, while the "done" view shows. A failure shows when the console opens.
  let terminal: Promise<void> | undefined;
  const consoleReady = () => (terminal ??= loadConsole().then(
    (m) => checkOwnElement("esp-flash-console", m.EspFlashConsole),
    (e: Error) => { terminal = undefined; throw Object.assign(e, { code: "load-failed" }); },
  ));
  controller.subscribe((view) => {
    dialog.view = view;
    emit(o.host, "esp-flash-state", { view: view.name, step: controller.step });
    if (view.name === "done") emit(o.host, "esp-flash-done", { result: view.result, plan: view.plan, manifest: view.manifest });
    if (view.name === "error") emit(o.host, "esp-flash-error", view.error);
    if (view.name === "done") consoleReady().catch(() => undefined);
    if (view.name === "console") {
      consoleReady().catch((e: Error & { code?: string }) =>
        controller.fail(e.code === "element-conflict" ? "element-conflict" : "load-failed", e.message));
    }
    if (view.name === "closed") setTimeout(() => dialog.remove());
  });
  o.root.appendChild(dialog);
  if (port) start(port);
  else controller.portCancelled();
  return { controller, dialog };
}
