import type { ManifestBuild } from "./deps.js";
import type { FlashError } from "./errors.js";
import type { DeviceInfo, FlashPlan, FlashResult, FlashStep, PatchResult } from "./types.js";

export interface PatchEventDetail {
  part: string;
  offset: number;
  changes: PatchResult["changes"];
  shaUpdated: boolean;
  /** e.g. "header 1MB → 4MB". */
  text: string;
}

export interface DownloadEventDetail {
  part: string;
  partIndex: number;
  received: number;
  /** `undefined` when the server sent no length. */
  total: number | undefined;
}

export interface ProgressEventDetail {
  part: string;
  partIndex: number;
  /** Bytes of this part written so far (uncompressed). */
  written: number;
  total: number;
  overallWritten: number;
  overallTotal: number;
  bytesPerSecond: number;
  /** `undefined` until a rate is known. */
  etaSeconds: number | undefined;
}

export interface BackupEventDetail {
  offset: number;
  /** Bytes read so far. */
  read: number;
  total: number;
}

/** `detail` of every event a `FlashSession` dispatches. */
export interface FlashEventDetails {
  step: { step: FlashStep };
  device: DeviceInfo;
  build: ManifestBuild;
  plan: FlashPlan;
  patch: PatchEventDetail;
  download: DownloadEventDetail;
  progress: ProgressEventDetail;
  backup: BackupEventDetail;
  verify: { part: string; offset: number; ok: boolean; expected: string; actual: string };
  done: FlashResult;
  error: FlashError;
  log: { line: string };
}

export type FlashSessionEventMap = {
  [K in keyof FlashEventDetails]: CustomEvent<FlashEventDetails[K]>;
};

export type FlashEventListener<K extends keyof FlashEventDetails> = (
  event: FlashSessionEventMap[K],
) => void;

// Taken from whichever EventTarget the consumer has (DOM lib or @types/node), so core's types
// need neither.
type Listener = Parameters<EventTarget["addEventListener"]>[1];
type AddOptions = Parameters<EventTarget["addEventListener"]>[2];
type RemoveOptions = Parameters<EventTarget["removeEventListener"]>[2];

/** An EventTarget whose `addEventListener` knows each event's `detail` type. */
export class TypedFlashEventTarget extends EventTarget {
  override addEventListener<K extends keyof FlashEventDetails>(
    type: K,
    listener: FlashEventListener<K> | null,
    options?: AddOptions,
  ): void;
  override addEventListener(type: string, listener: Listener, options?: AddOptions): void;
  override addEventListener(type: string, listener: Listener, options?: AddOptions): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof FlashEventDetails>(
    type: K,
    listener: FlashEventListener<K> | null,
    options?: RemoveOptions,
  ): void;
  override removeEventListener(type: string, listener: Listener, options?: RemoveOptions): void;
  override removeEventListener(type: string, listener: Listener, options?: RemoveOptions): void {
    super.removeEventListener(type, listener, options);
  }

  protected emit<K extends keyof FlashEventDetails>(type: K, detail: FlashEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
