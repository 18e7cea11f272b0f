// The reader's side of the docs site: guides are pages to read, so the virtual-board toolbar
// (it drives the live stories) shows only where a story is on screen on its own.
import { addons } from "storybook/manager-api";

addons.setConfig({
  layoutCustomisations: {
    showToolbar(state, defaultValue) {
      const entry = state.storyId ? state.index?.[state.storyId] : undefined;
      return entry?.type === "docs" ? false : defaultValue;
    },
  },
});
