/** Node serial ports in Web Serial's shape, for @esp-flash/core's FlashSession and esptool-js. */
export * from "./ports/index.js";
export { fetchWithFiles, readLocalManifest } from "./inputs.js";
export { run } from "./program.js";
export { EXIT } from "./errors.js";
