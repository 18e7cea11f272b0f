export * from "./chips/index.js";
export { EspFlashError } from "./errors.js";
export * from "./image/index.js";
