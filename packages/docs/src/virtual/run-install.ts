// Drives <esp-flash-button> through a whole install as a person would, for play functions:
// press the button, accept each question with the dialog's primary button, wait for "done".
import type { EspFlashButton } from "@esp-flash/elements";
import { deskBoard, type DeskBoard } from "./desk.js";

const ANSWER = new Set(["summary", "erase", "choose-build"]);

export function runInstall(button: EspFlashButton, timeoutMs = 120_000): Promise<DeskBoard> {
  // The dialog is loaded lazily, so its class is not imported here; a LitElement is enough.
  const dialog = () => button.shadowRoot?.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>("esp-flash-dialog");
  const seen: string[] = [];
  return new Promise<DeskBoard>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      button.removeEventListener("esp-flash-state", onState);
      button.removeEventListener("esp-flash-error", onError);
      const board = deskBoard();
      if (error || !board) reject(error ?? new Error("No virtual board is plugged in."));
      else resolve(board);
    };
    const timer = setTimeout(() => finish(new Error(`Install timed out; views: ${seen.join(" → ")}`)), timeoutMs);
    const onError = (e: HTMLElementEventMap["esp-flash-error"]) =>
      finish(new Error(`Install failed at ${e.detail.step}: ${e.detail.code}: ${e.detail.message}`));
    const onState = async ({ detail: { view } }: HTMLElementEventMap["esp-flash-state"]) => {
      if (seen.at(-1) !== view) seen.push(view);
      if (view === "done") return finish();
      if (view === "port-cancelled") return finish(new Error("No port was picked."));
      if (!ANSWER.has(view)) return;
      const d = dialog();
      await d?.updateComplete;
      const choice = d?.shadowRoot?.querySelector<HTMLButtonElement>(view === "choose-build" ? "button.build" : "[part~=primary]");
      choice?.click();
    };
    button.addEventListener("esp-flash-state", onState);
    button.addEventListener("esp-flash-error", onError);
    // A real click, so it bubbles (composed) to page handlers as a person's would.
    button.shadowRoot!.querySelector<HTMLElement>("[part=button]")!.click();
  });
}
