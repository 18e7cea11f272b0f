// Every dialog view, in each locale and colour scheme, against committed screenshots
// (test/screenshots/). Motion is reduced so spinners and entrances hold still.
import { describeViewScreenshots } from "../../test/helpers/view-screenshots.js";
import { views } from "./fixtures.js";

describeViewScreenshots(
  "dialog views look as committed",
  { width: 1000, height: 1000 },
  "dialog",
  // The console's views: esp-flash-console.visual.test.ts.
  Object.entries(views).filter(([, view]) => view.name !== "console"),
);

/** Views also checked at a phone's width (412 px): those this width changes most. */
const PHONE_VIEWS = [
  "summary",
  "summaryErase",
  "summaryKeep",
  "summaryUpdate",
  "summaryRunning",
  "erase",
  "eraseBackup",
  "portCancelled",
  "menuReading",
  "menu",
];

describeViewScreenshots(
  "dialog views at phone width look as committed",
  { width: 412, height: 915 },
  "dialog-phone",
  PHONE_VIEWS.map((name) => [name, views[name]!] as const),
);
