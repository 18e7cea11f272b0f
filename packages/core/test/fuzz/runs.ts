/** Cases per property: ~1,000 in `pnpm test`; set FUZZ_RUNS (e.g. 10000) for the long run. */
export const FUZZ_RUNS = Math.max(1, Number.parseInt(process.env.FUZZ_RUNS ?? "", 10) || 1000);
/** Time a long run may take per property, generously. */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 60);
