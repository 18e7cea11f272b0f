// Everything a dialog view shows, as plain data: the controller produces it, views render it,
// stories build it from fixtures.
import type {
  DeviceInfo,
  FlashPlan,
  FlashProgress,
  FlashResult,
  FlashStateReport,
  FirmwareIdentity,
  FlashStep,
  Manifest,
  ManifestBuild,
} from "../core-types.js";
import type { DeviceView, ImprovActions, WifiView } from "./improv/improv-view-state.js";

export interface ErrorReport {
  step: FlashStep;
  code: string;
  /** Core's own (English) message and advice; the view shows them translated by `code`. */
  message: string;
  advice?: string;
  details: string;
  /** Facts the translated text names: HTTP status and file of a download, the chip, its flash size. */
  params?: { status?: number; file?: string; chip?: string; flashSize?: string };
  /** What the flash holds, when the session had changed it before it stopped. */
  flash?: FlashStateReport;
}
export interface PatchNote {
  part: string;
  field: "flashMode" | "flashFreq" | "flashSize";
  from: string;
  to: string;
}

export type View =
  | { name: "idle" }
  | { name: "port-cancelled" }
  | { name: "connecting"; step: FlashStep }
  | { name: "choose-build"; device: DeviceInfo; builds: ManifestBuild[] }
  | {
      name: "summary";
      plan: FlashPlan;
      manifest: Manifest;
      notes: PatchNote[];
      askErase: boolean;
      /** An erase may still be asked for (erase="prompt"), e.g. to reinstall what is already there. */
      canErase?: boolean;
      /** Read the board's flash and download it before writing (asked where an install is confirmed). */
      backup?: boolean;
      /** The person chose Update on the dashboard (the firmware said it runs this project). */
      update?: boolean;
      /** What the board's firmware says it runs (over Improv). */
      running?: { name: string; version: string };
    }
  | { name: "erase"; plan: FlashPlan; erase: boolean; backup?: boolean }
  | { name: "backup"; progress?: { read: number; total: number } }
  | {
      name: "progress";
      plan?: FlashPlan;
      erasing: boolean;
      progress?: FlashProgress;
      /** Stop was pressed: the session is letting go of the port before saying what the flash holds. */
      stopping?: boolean;
    }
  | { name: "verifying"; verified: { part: string; ok: boolean }[]; resetting: boolean }
  | { name: "done"; plan?: FlashPlan; manifest?: Manifest; result: FlashResult }
  | { name: "error"; error: ErrorReport }
  /** A board without Improv firmware: install, or look at it in the console (as ESP Web Tools
   * offers); with what its flash holds once read (`reading` until then). */
  | { name: "menu"; manifest: Manifest; reading: boolean; onBoard?: FirmwareIdentity }
  /** `back`: the view the console was opened from can be shown again. */
  | { name: "console"; back?: boolean }
  | { name: "closed"; reason: "done" | "cancelled" | "error" }
  | DeviceView
  | WifiView;

export type ViewName = View["name"];

/** What will be rewritten in the image headers of the parts that will be written. */
export function patchNotes(plan: FlashPlan): PatchNote[] {
  return plan.parts
    .filter((p) => !p.skip)
    .flatMap((p) => p.patch.changes.map((c) => ({ part: p.name, ...c })));
}

/** Every part is already on the board byte for byte: nothing to write unless an erase is asked for. */
export const alreadyInstalled = (plan: FlashPlan) =>
  !plan.erase && plan.parts.length > 0 && plan.parts.every((p) => p.skip);

/** Bytes an install will write: everything after an erase, else what differs from the board. */
export const bytesToWrite = (plan: FlashPlan, erase: boolean) =>
  erase
    ? plan.parts.reduce((n, p) => n + p.size, 0)
    : plan.parts.reduce((n, p) => n + (p.skip ? 0 : p.size), 0);

/** What the views can ask for; the dialog forwards these to the controller. */
export interface Actions extends ImprovActions {
  pickPort(): void;
  chooseBuild(build: ManifestBuild): void;
  next(): void;
  setErase(erase: boolean): void;
  setBackup(backup: boolean): void;
  install(): void;
  cancel(): void;
  /** Stop a running install; once the flash is being changed, the end says what it holds. */
  stop(): void;
  retry(): void;
  openConsole(): void;
  /** From the console: back to the menu (or dashboard, or result) it was opened from. */
  back(): void;
  close(): void;
  copy(text: string): void;
  /** From the "already installed" summary: erase and write everything again. */
  reinstall(): void;
}
