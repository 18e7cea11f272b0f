// What the page and the prepare worker say to each other. Every byte array crosses by transfer.
import type { DeflatedImage, ImageJob, PreparedImage } from "@esp-flash/core/prepare";

export interface PrepareRequest {
  id: number;
  job: ImageJob;
  blockSize: number;
}

export type WorkerReply =
  | { kind: "ready" }
  | { kind: "image"; id: number; image: PreparedImage }
  | { kind: "deflated"; id: number; deflated: DeflatedImage }
  /** `bytes`: the job's download, handed back so the page can do the part itself. */
  | { kind: "failed"; id: number; message: string; bytes?: Uint8Array };
