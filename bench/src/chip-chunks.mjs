// Which lazy chunks a first click loads for a chip. esptool-js (in both builds) splits chip
// targets (`esp32c3-….js`) and flasher stubs (`stub_flasher_32c3-….js`) per chip; a click
// loads only the detected chip's pair. The serial console loads later, when it is opened.
// packages/elements/test/first-click/ checks these rules against what a browser fetches.
const CHIP_SUFFIX = { ESP8266: "8266", ESP32: "32" };
// Our dialog's chunks an install on a board without Improv does not reach: the error view and
// its translated texts, the backup's view and file, the erase and no-port views, and what follows
// a board that answers Improv (its views, the setup flow). The Improv client (improv-client-…)
// loads: every install probes for Improv.
const NOT_ON_INSTALL =
  /^(error-view|backup-view|backup-file|erase-view|port-cancelled-view|improv-views|improv-setup)-/;

export function takenOnFirstClick(chip, path) {
  const file = path.split("/").at(-1);
  // The console loads when opened; a translation only for a visitor who reads that language;
  // the cannot-start note only when the installer fails to load; the button's notes only in browsers that cannot flash.
  if (/console|xterm|cannot-start|^notes-/i.test(file) || /^(de|zh-Hans)-/.test(file)) return false;
  // The WebUSB picker and port load only where there is no Web Serial (Android).
  if (/^webusb-/.test(file)) return false;
  if (NOT_ON_INSTALL.test(file)) return false;
  // Every install prepares its images in the worker (its script sits beside the entry).
  if (file === "prepare-worker.js") return true;
  // Image preparation runs in the prepare worker; the page loads its own copy only when the
  // worker cannot start. pako (and the deflate step) likewise, and esptool-js's image parsers
  // only in its own writeFlash. The MD5 code does load: every install reads what firmware the
  // board holds (core's readFirmwareOnBoard), and a flash read is checked by the stub's MD5.
  if (/^(prepare|deflate|pako\.esm|image)-/.test(file)) return false;
  const target = /^(?:esp(32\w*|8266)|stub_flasher_(\w+?))-/.exec(file);
  if (!target) return true; // dialog, session, esptool-js, styles
  return (target[1] ?? target[2]) === CHIP_SUFFIX[chip];
}
