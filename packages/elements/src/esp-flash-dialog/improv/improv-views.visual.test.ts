// The Improv views whose layout a phone's width tests most (the dashboard's column of links and
// buttons, the Wi-Fi form's password row), in each locale and colour scheme, at desktop and
// 412 px, against committed screenshots (test/screenshots/).
import { describeViewScreenshots } from "../../../test/helpers/view-screenshots.js";
import { improvViews } from "./fixtures.js";

const VIEWS = ["dashboard", "wrongPassword"];
const WIDTHS = { desktop: 1000, phone: 412 } as const;

for (const [device, width] of Object.entries(WIDTHS)) {
  describeViewScreenshots(
    `Improv views at ${device} width look as committed`,
    { width, height: 1000 },
    `improv-${device}`,
    VIEWS.map((name) => [name, improvViews[name]!] as const),
  );
}
