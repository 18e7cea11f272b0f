export * from "./chips/index.js";
export { EspFlashError } from "./errors.js";
export * from "./flash-size/index.js";
export * from "./image/index.js";
