/**
 * Whether the page in view is still the visit a reader was started for. After an SPA navigation the
 * old visit's reader may still fire (Firefox has no Navigation API: the URL is polled) and would record
 * the new page under the old customer. Path and query identify a page, as in the runtime; the hash does not.
 */
import { visitKeyOf } from '../../core/partner-center-urls.ts';

export function sameVisit(visitUrl: string, currentUrl: string): boolean {
  return visitKeyOf(visitUrl) === visitKeyOf(currentUrl);
}
