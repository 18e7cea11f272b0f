import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS } from "../../../../scripts/find-chromium.mjs";

/** Debian's Chromium (scripts/test.mjs sets CHROME_PATH), headless, as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
