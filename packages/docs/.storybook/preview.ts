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
  },
  globalTypes: { ...boardGlobalTypes, ...wifiGlobalTypes },
  initialGlobals: { ...boardInitialGlobals, ...wifiInitialGlobals },
};

export default preview;
