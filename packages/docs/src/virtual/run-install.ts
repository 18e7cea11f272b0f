// Drives <esp-flash-button> as a person would, for play functions: press the button, accept
// each question with the dialog's primary button, and wait for "done" (or stop earlier).
import type { EspFlashButton, ViewName } from "@esp-flash/elements";
import { deskBoard, type DeskBoard } from "./desk.js";

/** The dialog is loaded lazily, so its class is not imported here; a LitElement is enough. */
export type DialogElement = HTMLElement & { updateComplete: Promise<boolean> };

const ANSWER = new Set<ViewName>(["menu", "summary", "erase", "choose-build"]);

export function runInstall(
  button: EspFlashButton,
  { stopAt = "done", timeoutMs = 120_000 }: { stopAt?: ViewName; timeoutMs?: number } = {},
): Promise<{ board: DeskBoard; dialog: DialogElement }> {
  const dialog = () => button.shadowRoot?.querySelector<DialogElement>("esp-flash-dialog");
  const seen: string[] = [];
  return new Promise((resolve, reject) => {
    const finish = async (error?: Error) => {
      clearTimeout(timer);
      button.removeEventListener("esp-flash-state", onState);
      button.removeEventListener("esp-flash-error", onError);
      const [board, d] = [deskBoard(), dialog()];
      await d?.updateComplete;
      if (error || !board || !d) reject(error ?? new Error("No virtual board or no dialog."));
      else resolve({ board, dialog: d });
    };
    const timer = setTimeout(
      () => void finish(new Error(`Install timed out; views: ${seen.join(" → ")}`)),
      timeoutMs,
    );
    const onError = (e: HTMLElementEventMap["esp-flash-error"]) =>
      void finish(
        new Error(`Install failed at ${e.detail.step}: ${e.detail.code}: ${e.detail.message}`),
      );
    const onState = async ({ detail: { view } }: HTMLElementEventMap["esp-flash-state"]) => {
      if (seen.at(-1) !== view) seen.push(view);
      if (view === stopAt) return finish();
      if (view === "port-cancelled") return finish(new Error("No port was picked."));
      if (!ANSWER.has(view)) return;
      const d = dialog();
      await d?.updateComplete;
      const choice = d?.shadowRoot?.querySelector<HTMLButtonElement>(
        view === "choose-build" ? "button.build" : "[part~=primary]",
      );
      choice?.click();
    };
    button.addEventListener("esp-flash-state", onState);
    button.addEventListener("esp-flash-error", onError);
    // A real click, so it reaches page handlers (composed) as a person's would.
    const activate =
      button.querySelector<HTMLElement>("[slot=activate]") ??
      button.shadowRoot!.querySelector<HTMLElement>("[part=button]")!;
    activate.click();
  });
}

/** The dialog's visible text, whitespace collapsed. */
export const dialogText = (dialog: DialogElement) =>
  dialog.shadowRoot!.textContent!.replace(/\s+/g, " ");
