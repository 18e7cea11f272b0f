/** Node serial ports in Web Serial's shape, for @esp-flash/core's FlashSession and esptool-js. */
export * from "./ports/index.js";
export { fetchWithFiles, readLocalManifest } from "./inputs.js";
export { run } from "./program.js";
export { EXIT } from "./errors.js";
export type {
  BoardOutcome,
  CliCommand,
  CliErrorDetail,
  CliOutcome,
  CliResult,
  EraseResult,
  FactoryResult,
  FlashCommandResult,
  InfoResult,
  ManifestResult,
  PortsResult,
  ReadResult,
} from "./result.js";
