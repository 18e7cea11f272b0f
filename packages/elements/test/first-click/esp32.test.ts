// The first click on an ESP32 fetches what `pnpm bench` counts (see first-click.ts).
import { firstClick, sample } from "./first-click.js";

describe("first click (dist/web) on an ESP32", () => {
  it("fetches exactly the scripts the bench counts", async () => {
    await firstClick("ESP32", sample("esp32-parts"));
  });
});
