/** Bundled into the page by migration-page-reading.e2e.ts: the readers over the live DOM. */
import { readPageSnapshot } from '../../src/content/progress/read-page-snapshot.ts';
import { readSubscriptionFacts } from '../../src/content/progress/subscription-facts.ts';
import { readPurchase, readSuspension } from '../../src/core/page-progress.ts';
import { readReassignment } from '../content/progress/page-progress-harness.ts';
import { stubMatchers } from '../content/progress/stub-matchers.ts';
import { readCustomerName } from '../../src/content/progress/customer-name.ts';

export const snapshot = () => readPageSnapshot(document);
export const facts = () => readSubscriptionFacts(readPageSnapshot(document), stubMatchers);
export const purchase = () => readPurchase(facts());
export const suspension = () => readSuspension(facts());
export const reassignment = () => readReassignment(readPageSnapshot(document), stubMatchers);
export const customerName = () => readCustomerName(document);
