import type { Preview } from "@storybook/web-components-vite";
import { setCustomElementsManifest } from "@storybook/web-components-vite";
import customElements from "@esp-flash/elements/custom-elements.json";
import { boardGlobalTypes, boardInitialGlobals } from "../src/virtual/board-toolbar.js";
import { wifiGlobalTypes, wifiInitialGlobals } from "../src/virtual/wifi-toolbar.js";
import { publicApi } from "./public-api.js";

// Autodocs (attributes, properties, events, slots, parts, CSS properties) come from the
// manifest @esp-flash/elements generates at build, public members only.
setCustomElementsManifest(publicApi(customElements));

const preview: Preview = {
  tags: ["autodocs"],
  parameters: {
    controls: { expanded: true },
    // The site opens on the first entry: the introduction, then the guides in reading order.
    options: {
      storySort: {
        order: [
          "Introduction",
          "Guides",
          [
            "Quick start",
            "Your first page (MicroPython)",
            "Moving from ESP Web Tools",
            "Manifest reference",
            "Why images need patching",
            "Troubleshooting",
            "Android and iOS",
            "Command line (esp-flash)",
            "Core API",
            "Testing with the virtual device",
          ],
          "Live",
          "Examples",
          "Button",
          "Elements",
        ],
      },
    },
  },
  globalTypes: { ...boardGlobalTypes, ...wifiGlobalTypes },
  initialGlobals: { ...boardInitialGlobals, ...wifiInitialGlobals },
};

export default preview;
