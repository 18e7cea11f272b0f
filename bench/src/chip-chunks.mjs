// Which lazy chunks a first click loads for a chip. esptool-js (in both builds) splits chip
// targets (`esp32c3-….js`) and flasher stubs (`stub_flasher_32c3-….js`) per chip; a click
// loads only the detected chip's pair. The serial console loads later, when it is opened.
const CHIP_SUFFIX = { ESP8266: "8266", ESP32: "32" };

export function takenOnFirstClick(chip, file) {
  if (/console|xterm/i.test(file)) return false;
  const target = /^(?:esp(32\w*)|stub_flasher_(\w+?))-/.exec(file);
  if (!target) return true; // dialog, session, esptool-js, styles
  return (target[1] ?? target[2]) === CHIP_SUFFIX[chip];
}
