// Loads the golden vectors in fixtures/vectors (their provenance is in its README.md).
import { readFileSync } from "node:fs";

const root = new URL("../fixtures/vectors/", import.meta.url);

export function readVectorJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, root), "utf8")) as T;
}

export function readVectorBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, root)));
}

export interface PatchCase {
  name: string;
  kind: string;
  chip: string;
  address: number;
  flashMode: string;
  flashFreq: string;
  flashSize: string;
  input: string;
  expect:
    | { result: "unchanged" }
    | { result: "error"; message: string }
    | { result: "patched"; header: string; output_sha256: string; sha_updated?: boolean };
}

export const patchCases = (): PatchCase[] =>
  readVectorJson<{ cases: PatchCase[] }>("header-patch/cases.json").cases;

export const patchCaseInput = (c: PatchCase): Uint8Array =>
  readVectorBytes(`header-patch/${c.input}`);
