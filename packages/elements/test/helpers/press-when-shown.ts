// For tests that drive the built script-tag bundle (no harness): press a dialog button once its view shows.

/** Clicks the dialog's button labelled `label` when `el` reports view `view`. */
export function pressWhenShown(el: HTMLElement, view: string, label: string): void {
  el.addEventListener("esp-flash-state", async (event) => {
    if ((event as CustomEvent<{ view: string }>).detail.view !== view) return;
    const dialog = el.shadowRoot!.querySelector("esp-flash-dialog") as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await dialog.updateComplete;
    [...dialog.shadowRoot!.querySelectorAll("button")]
      .find((b) => b.textContent?.trim() === label)!
      .click();
  });
}
