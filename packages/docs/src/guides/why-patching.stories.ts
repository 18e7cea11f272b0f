// Live worked examples for "Why images need patching": real patchImage on sample images.
import type { Meta, StoryObj } from "@storybook/web-components-vite";
import { html } from "lit";
import { expect } from "storybook/test";
import { parseImage, patchImage } from "@esp-flash/core";
import { makeSampleFirmware, type ChipFamily } from "@esp-flash/virtual-device";

const hex = (bytes: Uint8Array) =>
  [...bytes].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(" ");

interface Example {
  chip: ChipFamily;
  image: Uint8Array;
  address: number;
  flashSize: string;
}

function example({ chip, image, address, flashSize }: Example) {
  const patch = patchImage(image, {
    chip,
    address,
    flashMode: "keep",
    flashFreq: "keep",
    flashSize,
  });
  const before = parseImage(image, chip);
  const after = parseImage(patch.bytes, chip);
  const digest = (p: typeof before) =>
    p.sha256 ? `${p.sha256.stored ?? "(missing)"} @ 0x${p.sha256.offset.toString(16)}` : "none";
  return html`<table style="font: 13px/1.6 ui-monospace, monospace; border-spacing: 1em 0.2em; text-align: left">
    <tr><th></th><th>header bytes 0–3</th><th>size</th><th>appended SHA-256</th></tr>
    <tr><td>before</td><td data-before>${hex(image.subarray(0, 4))}</td><td>${before.header.flashSize}</td><td>${digest(before)}</td></tr>
    <tr><td>after</td><td data-after>${hex(patch.bytes.subarray(0, 4))}</td><td>${after.header.flashSize}</td><td>${digest(after)}</td></tr>
    <tr><td colspan="4">${patch.outcome}: ${patch.changes.map((c) => `${c.field} ${c.from} → ${c.to}`).join(", ")}${patch.shaUpdated ? "; SHA-256 recomputed" : ""}</td></tr>
  </table>`;
}

/** SHA-256 of [0, dataLength), computed by the browser, to check the patched digest independently. */
async function browserDigest(bytes: Uint8Array, chip: ChipFamily): Promise<string> {
  const { dataLength } = parseImage(bytes, chip);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice(0, dataLength)));
  return hex(digest).replaceAll(" ", "").toLowerCase();
}

const meta: Meta = { title: "Guides/Why images need patching", tags: ["!dev", "!autodocs"] };
export default meta;

const micropython = makeSampleFirmware("micropython-esp8266", { seed: 1 });
export const MicroPythonEsp8266: StoryObj = {
  name: "MicroPython ESP8266, 4MB board",
  render: () =>
    example({ chip: "ESP8266", image: micropython.parts[0]!.data, address: 0, flashSize: "4MB" }),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("[data-before]")?.textContent).toBe("E9 03 00 20");
    await expect(canvasElement.querySelector("[data-after]")?.textContent).toBe("E9 03 00 40");
  },
};

const bootloader = makeSampleFirmware("esp32-parts", { chip: "ESP32", seed: 1, flashSize: "2MB" })
  .parts[0]!;
export const Esp32Bootloader: StoryObj = {
  name: "ESP32 bootloader at 0x1000, 4MB board",
  render: () =>
    example({
      chip: "ESP32",
      image: bootloader.data,
      address: bootloader.offset,
      flashSize: "4MB",
    }),
  play: async () => {
    const patch = patchImage(bootloader.data, {
      chip: "ESP32",
      address: 0x1000,
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "4MB",
    });
    const parsed = parseImage(patch.bytes, "ESP32");
    await expect(patch.bytes[3]! >> 4).toBe(2); // ESP32 size code 2 = 4MB
    await expect(patch.shaUpdated).toBe(true);
    await expect(parsed.sha256?.stored).toBe(await browserDigest(patch.bytes, "ESP32"));
    await expect(parsed.sha256?.stored).not.toBe(
      parseImage(bootloader.data, "ESP32").sha256?.stored,
    );
  },
};
