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

export type FlashSessionEventMap = { [K in keyof FlashEventDetails]: CustomEvent<FlashEventDetails[K]> };

export type FlashEventListener<K extends keyof FlashEventDetails> = (event: FlashSessionEventMap[K]) => void;

/** An EventTarget whose `addEventListener` knows each event's `detail` type. */
export class TypedFlashEventTarget extends EventTarget {
  override addEventListener<K extends keyof FlashEventDetails>(
    type: K,
    listener: FlashEventListener<K> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof FlashEventDetails>(
    type: K,
    listener: FlashEventListener<K> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  protected emit<K extends keyof FlashEventDetails>(type: K, detail: FlashEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
