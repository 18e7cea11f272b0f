// Everything a dialog view shows, as plain data: the controller produces it, views render it,
// stories build it from fixtures.
import type {
  DeviceInfo, FlashPlan, FlashProgress, FlashResult, FlashStep, Manifest, ManifestBuild,
} from "../core-types.js";
import type { DeviceView, ImprovActions, WifiView } from "./improv/improv-view-state.js";

export interface ErrorReport {
  step: FlashStep; code: string; message: string; advice?: string; details: string;
}
export interface PatchNote { part: string; field: "flashMode" | "flashFreq" | "flashSize"; from: string; to: string }

export type View =
  | { name: "idle" }
  | { name: "port-cancelled" }
  | { name: "connecting"; step: FlashStep }
  | { name: "choose-build"; device: DeviceInfo; builds: ManifestBuild[] }
  | { name: "summary"; plan: FlashPlan; manifest: Manifest; notes: PatchNote[]; askErase: boolean }
  | { name: "erase"; plan: FlashPlan; erase: boolean }
  | { name: "progress"; plan?: FlashPlan; erasing: boolean; progress?: FlashProgress }
  | { name: "verifying"; verified: { part: string; ok: boolean }[]; resetting: boolean }
  | { name: "done"; plan?: FlashPlan; manifest?: Manifest; result: FlashResult }
  | { name: "error"; error: ErrorReport }
  | { name: "console" }
  | { name: "closed"; reason: "done" | "cancelled" | "error" }
  | DeviceView | WifiView;

export type ViewName = View["name"];

/** What will be rewritten in the image headers, from the plan, before anything is written. */
export function patchNotes(plan: FlashPlan): PatchNote[] {
  return plan.parts.flatMap((p) => p.patch.changes.map((c) => ({ part: p.name, ...c })));
}

/** What the views can ask for; the dialog forwards these to the controller. */
export interface Actions extends ImprovActions {
  pickPort(): void; chooseBuild(build: ManifestBuild): void; next(): void; setErase(erase: boolean): void;
  install(): void; cancel(): void; retry(): void; openConsole(): void; close(): void; copy(text: string): void;
}
