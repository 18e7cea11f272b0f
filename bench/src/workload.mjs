// A workload (parts at offsets for one chip) as a session sees it: a manifest and its server.
import { parseManifest } from "@esp-flash/core";

const BASE = "https://firmware.example/";

export function manifestFor(workload) {
  const parts = workload.parts.map((part, i) => ({ path: `part${i}.bin`, offset: part.offset }));
  return parseManifest(
    { name: workload.name, builds: [{ chipFamily: workload.chip, parts }] },
    `${BASE}manifest.json`,
  );
}

export function fetchFor(workload) {
  return async (url) => {
    const index = Number(/part(\d+)\.bin$/.exec(String(url))?.[1]);
    const data = workload.parts[index]?.data;
    return data ? new Response(data.slice()) : new Response("not found", { status: 404 });
  };
}

export const imageBytes = (workload) => workload.parts.reduce((n, p) => n + p.data.length, 0);
