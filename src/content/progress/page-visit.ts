/**
 * Whether the page in view is still the visit a reader was started for. After an SPA navigation the
 * old visit's reader may still fire (Firefox has no Navigation API: the URL is polled) and would record
 * the new page under the old customer. Path and query identify a page, as in the runtime; the hash does not.
 */
export function sameVisit(visitUrl: string, currentUrl: string): boolean {
  return visitKey(visitUrl) === visitKey(currentUrl);
}

function visitKey(href: string): string {
  try {
    const url = new URL(href);
    return url.origin + url.pathname + url.search;
  } catch {
    return href;
  }
}
