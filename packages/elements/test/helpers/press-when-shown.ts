// For tests that drive the built script-tag bundle (no harness): press a dialog button once its view shows.

/** Clicks the dialog's button labelled `label` when `el` reports view `view` (`once`: the first time only). */
export function pressWhenShown(el: HTMLElement, view: string, label: string, once = false): void {
  el.addEventListener("esp-flash-state", async function on(event) {
    if ((event as CustomEvent<{ view: string }>).detail.view !== view) return;
    if (once) el.removeEventListener("esp-flash-state", on);
    const dialog = el.shadowRoot!.querySelector("esp-flash-dialog") as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await dialog.updateComplete;
    [...dialog.shadowRoot!.querySelectorAll("button")]
      .find((b) => b.textContent?.trim() === label)!
      .click();
  });
}
