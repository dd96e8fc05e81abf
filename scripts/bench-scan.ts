/** Placeholder until the scan benchmark lands. */
export {};
