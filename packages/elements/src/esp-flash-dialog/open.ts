// The lazily loaded half of <esp-flash-button>: core, the controller and the dialog with the
// views of an install; the rest (Improv, error texts, backup, erase) loads when needed.
import { FlashSession, loadManifest, parseManifest, readFirmwareOnBoard } from "@esp-flash/core";
import type { SerialPortLike } from "../core-types.js";
import { emit } from "../esp-flash-button/events.js";
import { WorkerPreparer } from "../prepare-worker/worker-preparer.js";
import { FlashController, type ControllerDeps, type ControllerOptions } from "./controller.js";
import { ImprovFlow, type ImprovDeps } from "./improv/improv-flow.js";
import type { FlashOverrides } from "./improv/links.js";
import { EspFlashDialog } from "./esp-flash-dialog.js";
import type { Actions } from "./view-state.js";

export const coreDeps: ControllerDeps = {
  createSession: (o) => {
    // Each install gets its own worker for the CPU work, stopped when the install ends.
    // Set on the options as they are: a spread copy would freeze the controller's `backup` getter,
    // which the session reads only after the person confirmed.
    const preparer = new WorkerPreparer();
    o.preparer = preparer;
    const session = new FlashSession(o);
    for (const end of ["done", "error"] as const)
      session.addEventListener(end, () => preparer.close());
    return session;
  },
  loadManifest: (url, o) => loadManifest(url, o),
  parseManifest: (json, base) => parseManifest(json, base),
  saveFile: async (name, data) => (await import("./backup-file.js")).downloadFile(name, data),
};

// Core's Improv client loads with the first probe, in a chunk of its own.
const improvClient = async () => (await import("./improv/improv-client.js")).improvClient;
export const improvDeps: ImprovDeps = {
  createClient: async (port, onLine) => (await improvClient()).createClient(port, onLine),
  resetIntoFirmware: async (port) => (await improvClient()).resetIntoFirmware(port),
  resetKeepsPort: async (port) => (await improvClient()).resetKeepsPort(port),
  readFirmware: async (port, log) =>
    (
      await readFirmwareOnBoard({
        port,
        terminal: { write: (text) => text.split(/\r?\n/).filter(Boolean).forEach(log) },
      })
    ).firmware,
};

export interface FlowOptions extends ControllerOptions {
  host: HTMLElement;
  root: ParentNode & Node;
  overrides?: FlashOverrides;
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
export function openFlow(
  o: FlowOptions,
  port: SerialPortLike | undefined,
  deps: ControllerDeps = coreDeps,
  improv: ImprovDeps = improvDeps,
) {
  checkOwnElement("esp-flash-dialog", EspFlashDialog);
  const controller = new FlashController(deps, o);
  const dialog = document.createElement("esp-flash-dialog");
  dialog.setAttribute(
    "exportparts",
    "dialog, title, actions, primary, secondary, progress, terminal",
  );
  dialog.log = controller.log;
  const flow = new ImprovFlow(controller, improv, {
    overrides: o.overrides,
    events: {
      provisioning: (detail) => emit(o.host, "esp-flash-provisioning", detail),
      provisioned: (detail) => emit(o.host, "esp-flash-provisioned", detail),
    },
  });
  const start = (p: SerialPortLike) => {
    dialog.port = p;
    void flow.begin(p);
  };
  // The backup's view is fetched when the box is ticked; the read (which may be short) starts
  // only once it is in, so it shows. If it cannot load, nothing has been written yet: say so.
  let backup = false;
  const afterBackupView = (go: () => void) => () => {
    if (!backup || dialog.canShow("backup")) return go();
    void dialog.preload("backup").then((ok) => {
      if (ok) go();
      else controller.fail("load-failed", "Part of the installer (the backup view) did not load.");
    });
  };
  const actions: Actions = {
    pickPort: () => void o.requestPort().then((p) => (p ? start(p) : undefined)),
    chooseBuild: (b) => controller.chooseBuild(b),
    next: afterBackupView(() => controller.next()),
    setErase: (e) => controller.setErase(e),
    setBackup: (b) => {
      backup = b;
      if (b) void dialog.preload("backup");
      controller.setBackup(b);
    },
    install: afterBackupView(() => controller.install()),
    reinstall: () => controller.reinstall(),
    cancel: () => controller.cancel(),
    stop: () => controller.stop(),
    retry: () => void controller.retry(),
    openConsole: () => void flow.openConsole(),
    // The console lets go of the port first: the menu, or a new look for Improv, needs it.
    // (Its chunk is in first: an element not yet upgraded would open the port after.)
    back: () =>
      void consoleReady()
        .catch(() => undefined)
        .then(() => dialog.renderRoot.querySelector("esp-flash-console")?.release())
        .then(() => flow.back()),
    close: () => controller.close(),
    installFirmware: (kind, erase) => flow.installFirmware(kind, erase),
    showWifi: () => flow.showWifi(),
    selectNetwork: (ssid) => flow.selectNetwork(ssid),
    rescan: () => flow.rescan(),
    connectWifi: (ssid, password) => void flow.connectWifi(ssid, password),
    skipWifi: () => flow.skipWifi(),
    copy: (text) => void navigator.clipboard?.writeText(text).catch(() => undefined),
  };
  dialog.actions = actions;
  // The terminal (xterm, the largest chunk) loads only for the console; fetching it starts
  // once flashing is done, while the "done" view shows. A failure shows when the console opens.
  let terminal: Promise<void> | undefined;
  const consoleReady = () =>
    (terminal ??= loadConsole().then(
      (m) => checkOwnElement("esp-flash-console", m.EspFlashConsole),
      (e: Error) => {
        terminal = undefined;
        throw Object.assign(e, { code: "load-failed" });
      },
    ));
  let doneFor: unknown;
  controller.subscribe((view) => {
    dialog.view = view;
    emit(o.host, "esp-flash-state", { view: view.name, step: controller.step });
    // Once per install: the "done" view shows again when Improv Wi-Fi setup is skipped.
    if (view.name === "done" && view.result !== doneFor) {
      doneFor = view.result;
      emit(o.host, "esp-flash-done", {
        result: view.result,
        plan: view.plan,
        manifest: view.manifest,
      });
    }
    if (view.name === "error") emit(o.host, "esp-flash-error", view.error);
    if (view.name === "done") consoleReady().catch(() => undefined);
    if (view.name === "console") {
      consoleReady().catch((e: Error & { code?: string }) =>
        controller.fail(
          e.code === "element-conflict" ? "element-conflict" : "load-failed",
          e.message,
        ),
      );
    }
    if (view.name === "closed") setTimeout(() => dialog.remove());
  });
  o.root.appendChild(dialog);
  if (port) start(port);
  else controller.portCancelled();
  return { controller, dialog };
}
