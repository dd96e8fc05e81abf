/** Shared by the reliability suite: its summary lines, and the senders it sends as. */
export { CONTENT_SENDER, PAGE_SENDER } from '../background/tracker-fixtures.ts';

/** One line per property, in the test output: the figures the suite reports. */
export function summary(line: string): void {
  console.log(`[reliability] ${line}`);
}
