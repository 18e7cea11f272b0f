// The first click on an ESP8266 fetches what `pnpm bench` counts (see first-click.ts).
import { firstClick, sample } from "./first-click.js";

describe("first click (dist/web) on an ESP8266", () => {
  it("fetches exactly the scripts the bench counts", async () => {
    // Not MicroPython's image: after one the dialog rightly skips the Improv wait this checks.
    await firstClick("ESP8266", sample("app", "ESP8266"));
  });
});
