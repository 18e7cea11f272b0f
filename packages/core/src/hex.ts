/** 4096 → "0x1000": how addresses and IDs appear in every message. */
export const hex = (n: number): string => `0x${n.toString(16)}`;
