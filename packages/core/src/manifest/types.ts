import type { ChipFamily } from "../chips/index.js";

export interface ManifestPart {
  /** As written in the manifest. */
  path: string;
  /** Resolved against the manifest URL and checked against the URL policy. */
  url: string;
  offset: number;
  /** Lower-case hex SHA-256 the download must match (our extension). */
  sha256?: string;
}

export interface ManifestBuild {
  chipFamily: ChipFamily;
  serialType?: "cdc" | "uart";
  /** Variant label shown when several builds fit one chip (our extension). */
  name?: string;
  parts: ManifestPart[];
  /** "detect" (default): the chip's real size; "keep": the image's; or a size such as "4MB". */
  flashSize: "detect" | "keep" | string;
  /** "keep" (default) or qio/qout/dio/dout. */
  flashMode: "keep" | string;
  /** "keep" (default) or one of the chip's frequencies, e.g. "40m". */
  flashFreq: "keep" | string;
  /**
   * Write images whose header names another chip, or a chip revision range that excludes the
   * connected chip (esptool's --force for those checks). Off by default (our extension).
   */
  allowImageChipMismatch?: boolean;
}

export interface Manifest {
  name: string;
  version?: string;
  funding_url?: string;
  home_assistant_domain?: string;
  new_install_prompt_erase?: boolean;
  /** Deprecated in ESP Web Tools, which then asks whether to erase; kept so installers can ask too. */
  new_install_skip_erase?: boolean;
  new_install_improv_wait_time?: number;
  builds: ManifestBuild[];
}
