export * from "./chips/index.js";
export * from "./download/index.js";
export { EspFlashError } from "./errors.js";
export * from "./flash-size/index.js";
export * from "./guards/index.js";
export * from "./image/index.js";
export * from "./improv/index.js";
export * from "./manifest/index.js";
export * from "./session/index.js";
