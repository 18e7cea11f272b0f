// The first click on an ESP8266 fetches what `pnpm bench` counts (see first-click.ts).
import { firstClick, sample } from "./first-click.js";

describe("first click (dist/web) on an ESP8266", () => {
  it("fetches exactly the scripts the bench counts", async () => {
    await firstClick("ESP8266", sample("micropython-esp8266"));
  });
});
