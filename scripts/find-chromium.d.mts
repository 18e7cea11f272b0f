// Types for TypeScript configs and tests that import scripts/find-chromium.mjs.
export declare const CHROMIUM_ARGS: string[];
export declare function ensureFonts(): void;
export declare function findChromium(): string;
