/**
 * `npm run bench`: every benchmark, one after the other (a benchmark, not a test: it prints
 * figures and never fails on time). Results are printed and written to bench-results/.
 */
await import('./bench-content.ts');
await import('./bench-scan.ts');
await import('./bench-license-move.ts');
export {};
