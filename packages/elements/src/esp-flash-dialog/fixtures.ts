// Fixture data for stories and controller tests (not part of the build).
import type {
  DeviceInfo,
  FirmwareIdentity,
  FlashPlan,
  FlashResult,
  Manifest,
  ManifestBuild,
} from "../core-types.js";
import type { View } from "./view-state.js";

export const device8266: DeviceInfo = {
  family: "ESP8266",
  chipName: "ESP8266EX",
  revision: "1",
  mac: "5c:cf:7f:12:34:56",
  flashId: 0x1640ef,
  flashSize: "4MB",
  usb: "uart-bridge",
  features: ["WiFi"],
  stub: true,
};
const part = (path: string, offset: number) => ({
  path,
  url: `https://example.test/${path}`,
  offset,
});
export const buildMp: ManifestBuild = {
  chipFamily: "ESP8266",
  name: "MicroPython 1.24 (generic)",
  parts: [part("mp.bin", 0)],
  flashSize: "detect",
  flashMode: "keep",
  flashFreq: "keep",
};
export const buildOta: ManifestBuild = { ...buildMp, name: "MicroPython 1.24 (OTA, 2MB+)" };
export const manifest: Manifest = {
  name: "MicroPython",
  version: "1.24.1",
  builds: [buildMp, buildOta],
};
export const plan: FlashPlan = {
  device: device8266,
  build: buildMp,
  flashBound: { bytes: 4_194_304, name: "4MB", source: "chip" },
  erase: false,
  totalBytes: 634_880,
  parts: [
    {
      name: "mp.bin",
      offset: 0,
      size: 634_880,
      md5: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      skip: false,
      data: new Uint8Array(0),
      patch: {
        outcome: "patched",
        bytes: new Uint8Array(0),
        shaUpdated: false,
        warnings: [],
        changes: [{ field: "flashSize", from: "1MB", to: "4MB" }],
      },
    },
  ],
};
export const result: FlashResult = {
  outcome: "flashed",
  device: device8266,
  build: buildMp,
  bytesWritten: 634_880,
  baudRate: 460_800,
  elapsedMs: 9_000,
  restart: "restarted",
  parts: [
    {
      name: "mp.bin",
      offset: 0,
      size: 634_880,
      md5: plan.parts[0]!.md5,
      written: true,
      verified: true,
    },
  ],
};
/** The same firmware a second time: every part already on the board. */
export const planInstalled: FlashPlan = {
  ...plan,
  totalBytes: 0,
  parts: plan.parts.map((p) => ({ ...p, skip: true })),
};
/** An ESP32-C3 with secure boot v2: nothing patched, and the plan says why. */
export const deviceSecured: DeviceInfo = {
  family: "ESP32-C3",
  chipName: "ESP32-C3 (QFN32) (revision v0.4)",
  mac: "34:85:18:01:02:03",
  flashId: 0x1640c8,
  flashSize: "4MB",
  usb: "usb-jtag-serial",
  stub: true,
  revisionFull: 4,
  security: {
    source: "security-info",
    secureBoot: true,
    secureBootVersion: 2,
    flashEncryption: false,
    flashCryptCnt: 0,
    secureDownloadMode: false,
  },
};
const buildSecured: ManifestBuild = {
  chipFamily: "ESP32-C3",
  name: "Signed app",
  parts: [part("app.bin", 0x10000)],
  flashSize: "detect",
  flashMode: "keep",
  flashFreq: "keep",
};
export const planSecured: FlashPlan = {
  device: deviceSecured,
  build: buildSecured,
  erase: false,
  totalBytes: 1_048_576,
  securityNote:
    "This ESP32-C3 has secure boot v2 enabled: image headers are written exactly as built (patching would break the bootloader's signature or digest), and nothing is written below 0x8000 unless forced.",
  parts: [
    {
      name: "app.bin",
      offset: 0x10000,
      size: 1_048_576,
      md5: "00112233445566778899aabbccddeeff",
      skip: false,
      data: new Uint8Array(0),
      patch: {
        outcome: "unchanged",
        bytes: new Uint8Array(0),
        shaUpdated: false,
        warnings: [],
        changes: [],
        reasonCode: "chip-secured",
        reason: "Security features enabled (secure boot v2), so flash settings are not changed.",
      },
    },
  ],
};
const hostile = "<img src=x onerror=alert(1)>";
/** A right-to-left override in the name must not reorder the version after it. */
export const bidiManifest: Manifest = { ...manifest, name: "\u202EevilPython", version: "1.24.1" };
export const longManifest: Manifest = { ...manifest, name: "MicroPython-".repeat(250) };
export const hostileManifest: Manifest = {
  ...manifest,
  name: hostile,
  version: `<script>${hostile}`,
};

/** What the flash of a board running MicroPython 1.23.0 says it holds. */
export const micropythonOnBoard: FirmwareIdentity = {
  kind: "esp-idf",
  bootloader: true,
  app: {
    offset: 0x10000,
    label: "factory",
    description: {
      projectName: "micropython",
      version: "v1.23.0",
      idfVersion: "v5.2.2",
      buildDate: "Jun  2 2024",
      buildTime: "10:11:12",
      elfSha256: "ab".repeat(32),
      secureVersion: 0,
    },
  },
};

/** One fixture per view, for stories and for "every view renders" tests. */
/** A third of the way through writing MicroPython. */
const writing: View & { name: "progress" } = {
  name: "progress",
  plan,
  erasing: false,
  progress: {
    part: "mp.bin",
    partIndex: 0,
    written: 262_144,
    total: 634_880,
    overallWritten: 262_144,
    overallTotal: 634_880,
    bytesPerSecond: 81_920,
    etaSeconds: 5,
  },
};

export const views: Record<string, View> = {
  portCancelled: { name: "port-cancelled" },
  connecting: { name: "connecting", step: "detecting" },
  chooseBuild: { name: "choose-build", device: device8266, builds: [buildMp, buildOta] },
  summary: {
    name: "summary",
    plan,
    manifest,
    askErase: true,
    notes: [{ part: "mp.bin", field: "flashSize", from: "1MB", to: "4MB" }],
  },
  /** ESP Web Tools' default for a new install: the whole flash is erased, said in red. */
  summaryErase: {
    name: "summary",
    plan: { ...plan, erase: true },
    manifest,
    askErase: false,
    canErase: true,
    notes: [],
  },
  /** The board's flash names another MicroPython version: an update, data kept, said so. */
  summaryUpdate: {
    name: "summary",
    plan: {
      ...plan,
      relation: "same-project",
      onBoard: micropythonOnBoard,
    },
    manifest,
    askErase: false,
    canErase: true,
    notes: [],
  },
  /** Update chosen on the Improv dashboard: the version the firmware said it runs is named. */
  summaryRunning: {
    name: "summary",
    plan,
    manifest,
    askErase: false,
    canErase: true,
    notes: [],
    update: true,
    running: { name: "MicroPython", version: "1.23.0" },
  },
  /** An update (or erase="never"): nothing erased, said too. */
  summaryKeep: { name: "summary", plan, manifest, askErase: false, canErase: true, notes: [] },
  securedSummary: {
    name: "summary",
    plan: planSecured,
    manifest: { name: "Signed app", builds: [buildSecured] },
    askErase: false,
    notes: [],
  },
  erase: { name: "erase", plan, erase: false },
  progress: writing,
  progressStopping: { ...writing, stopping: true },
  eraseBackup: { name: "erase", plan, erase: true, backup: true },
  backup: { name: "backup", progress: { read: 1_572_864, total: 4_194_304 } },
  errorBackup: {
    name: "error",
    error: {
      step: "reading",
      code: "backup-failed",
      message:
        "The backup of 4 MB at 0x0 was read but could not be saved (QuotaExceededError). Nothing was written.",
      advice: "Free some disk space or allow the download, then retry.",
      details:
        "backup-failed (reading): The backup of 4 MB at 0x0 was read but could not be saved (QuotaExceededError). Nothing was written.",
    },
  },
  verifying: { name: "verifying", verified: [{ part: "mp.bin", ok: true }], resetting: false },
  done: { name: "done", plan, manifest, result },
  donePressReset: {
    name: "done",
    plan,
    manifest,
    result: {
      ...result,
      restart: "press-reset",
      note: "Every part was verified, but the port did not carry out the reset into the firmware.",
    },
  },
  error: {
    name: "error",
    error: {
      step: "writing",
      code: "device-lost",
      message: "The device stopped answering during write near 0x20000 (unplugged?).",
      advice: "Plug the board back in, then retry.",
      details:
        "device-lost (writing): The device stopped answering during write near 0x20000 (unplugged?).",
    },
  },
  errorStopped: {
    name: "error",
    error: {
      step: "writing",
      code: "aborted",
      message:
        "Flashing was aborted during write. mp.bin at 0x0 is incomplete (about 256 KB of 620 KB sent); the board will not start it until you install again.",
      advice: "Install again before using the board.",
      details: "aborted (writing): Flashing was aborted during write.",
      flash: {
        condition: "changed",
        erasedAll: false,
        incomplete: { name: "mp.bin", offset: 0 },
        written: [],
      },
    },
  },
  errorTooLarge: {
    name: "error",
    error: {
      step: "preparing",
      code: "image-too-large",
      message: "big: image is 1.5MB but the flash is 1MB.",
      advice: "Choose a build for a 1MB board, or use a board with more flash.",
      params: { chip: "ESP8266", flashSize: "1MB" },
      details: "image-too-large (preparing): big: image is 1.5MB but the flash is 1MB.",
    },
  },
  summaryInstalled: {
    name: "summary",
    plan: planInstalled,
    manifest,
    notes: [],
    askErase: false,
    canErase: true,
  },
  doneUnchanged: {
    name: "done",
    plan: planInstalled,
    manifest,
    result: {
      ...result,
      outcome: "unchanged",
      bytesWritten: 0,
      parts: result.parts.map((p) => ({ ...p, written: false })),
    },
  },
  summaryBidi: {
    name: "summary",
    plan,
    manifest: bidiManifest,
    notes: [],
    askErase: true,
    canErase: true,
  },
  summaryLong: {
    name: "summary",
    plan: { ...plan, build: { ...buildMp, name: "Generic ".repeat(200) } },
    manifest: longManifest,
    notes: [],
    askErase: true,
    canErase: true,
  },
  console: { name: "console" },
  /** A board without Improv: the menu while its flash is read, and once read. */
  menuReading: { name: "menu", manifest, reading: true },
  menu: {
    name: "menu",
    manifest,
    reading: false,
    onBoard: micropythonOnBoard,
  },
};
