/** Bundled into the page by today-grids.e2e.ts: the page readers over the live DOM. */
import { readPageSnapshot, readPageSnapshotSliced } from '../../src/content/progress/read-page-snapshot.ts';
import { readCustomerName } from '../../src/content/progress/customer-name.ts';

export const snapshot = () => readPageSnapshot(document);
export const slicedSnapshot = () => readPageSnapshotSliced(document, new AbortController().signal);
export const customerName = () => readCustomerName(document);
