import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import { downloadPart, loadManifest } from "@esp-flash/core";
import type { EspFlashButton } from "@esp-flash/elements";
import "@esp-flash/elements";
import { boardOptions } from "../virtual/board-toolbar.js";
import { plugIn } from "../virtual/desk.js";
import { runInstall } from "../virtual/run-install.js";
import "../virtual/desk-status.js";
import {
  BOARDS,
  manifestUrl,
  PROJECT,
  RELEASES,
  releaseManifest,
  type Board,
} from "../samples/catalog.js";
import { adoptDownloadStyles } from "./firmware-downloads.styles.js";

/**
 * A download page as a firmware project would publish it: one `<esp-flash-button>` per
 * board and release. Pressing Install plugs in a virtual board of that chip (flash size,
 * USB kind and fault from the toolbar); a real board can be picked instead.
 */
const meta: Meta = {
  title: "Examples/Firmware downloads",
  tags: ["!autodocs"],
  parameters: { layout: "fullscreen" },
  render: (_args, { globals }) => {
    adoptDownloadStyles();
    // Capture phase: the board must be on the desk before the button asks for a port.
    const plug = (board: Board) => ({
      capture: true,
      handleEvent(event: Event) {
        // Clicks inside the open dialog (it lives in the button) keep the board that is there.
        if (event.composedPath().some((n) => (n as Element).localName === "esp-flash-dialog"))
          return;
        const status = (event.currentTarget as HTMLElement)
          .closest("main")!
          .querySelector("desk-status")!;
        status.board = plugIn(
          { ...boardOptions(globals), chip: board.chip },
          { offerRealPorts: true },
        );
      },
    });
    return html`<main class="downloads">
      <h1>${PROJECT} · downloads</h1>
      ${BOARDS.map(
        (board) => html`<section data-board=${board.id}>
        <h2>${board.name} <small>${board.chip}</small></h2>
        <table>
          ${RELEASES.map(
            (release, i) => html`<tr>
            <td><strong>v${release.version}</strong>${i === 0 ? html` <em>latest</em>` : null}</td>
            <td>${release.date}</td>
            <td>${release.notes}</td>
            <td @click=${plug(board)}><esp-flash-button manifest=${manifestUrl(releaseManifest(board, release))}></esp-flash-button></td>
          </tr>`,
          )}
        </table>
      </section>`,
      )}
      <desk-status></desk-status>
    </main>`;
  },
};
export default meta;

export const FirmwareDownloads: StoryObj = { name: "Firmware downloads" };

/** The page under test (hidden from the sidebar, so opening the page never installs by itself). */
export const PageTest: StoryObj = {
  tags: ["!dev"],
  play: async ({ canvasElement, step }) => {
    const buttons = [...canvasElement.querySelectorAll("esp-flash-button")];
    await expect(buttons).toHaveLength(BOARDS.length * RELEASES.length);

    await step("every latest release's manifest loads and its parts download", async () => {
      for (const board of BOARDS) {
        const manifest = await loadManifest(
          new URL(manifestUrl(releaseManifest(board, RELEASES[0]!)), location.href).href,
        );
        await expect(manifest.builds.map((b) => b.chipFamily)).toEqual(
          board.variants.map(() => board.chip),
        );
        for (const part of manifest.builds.flatMap((b) => b.parts)) {
          const bytes = await downloadPart(part); // checks the sha256 the manifest gives
          await expect(bytes.length).toBeGreaterThan(0);
        }
      }
    });

    await step("the ESP32-DevKitC's latest release installs and boots", async () => {
      const button = canvasElement.querySelector<EspFlashButton>(
        "[data-board=devkitc] esp-flash-button",
      )!;
      const { board } = await runInstall(button);
      await expect(board.device.chip).toBe("ESP32");
      await expect(board.device.lastBoot?.problems).toEqual([]);
      await expect(board.device.lastBoot?.ok).toBe(true);
    });
  },
};
