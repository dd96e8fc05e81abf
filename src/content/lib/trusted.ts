/**
 * The one gate every control we inject goes through. Our shadow roots are open, so a page script can
 * click our buttons or type into our fields: only events the browser itself marks as trusted (the
 * partner's own input) may do anything. `onRefused` lets a control undo what an untrusted event
 * already changed (a checkbox the page ticked).
 */
export function trusted<E extends Event>(handler: (event: E) => void, onRefused?: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) handler(event);
    else onRefused?.(event);
  };
}
