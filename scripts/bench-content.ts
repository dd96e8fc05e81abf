/** Placeholder until the content benchmark lands. */
export {};
