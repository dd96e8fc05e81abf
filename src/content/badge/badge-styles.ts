/**
 * Styles for the badge and the chips. They live inside each shadow root (one shared constructed
 * sheet), so Partner Center's CSS cannot change them and they cannot leak into Partner Center.
 * Colours meet WCAG AA contrast on white; focus is always visible.
 */

const BASE = `
:host { all: initial; }
.root { font: 600 12px/1.4 "Segoe UI", system-ui, -apple-system, sans-serif; color: #1b1b1b; }
button { font: inherit; }
.pill {
  display: inline-flex; align-items: center; gap: 4px; margin: 0 0 0 6px; padding: 1px 8px;
  border-radius: 10px; border: 1px solid currentColor; background: #fff; cursor: pointer;
  white-space: nowrap; vertical-align: baseline; overflow: hidden;
}
/* The label may wrap (a grid sees it as narrow as its longest word, as wide as its whole text) but
   shows one line: so a table gives it the room its cell has and squeezes it only when the row would
   otherwise overflow. Squeezed, it shows the words that tell the replacement apart (badge-fit.ts), cut
   with an ellipsis if even those do not fit. The days left are never cut. The full text is the badge's
   accessible name and is in the details. */
.pill > * { flex: none; }
.pill { position: relative; }
.pill > .sizer { position: absolute; visibility: hidden; white-space: nowrap; left: 0; top: 0; pointer-events: none; }
.pill > .label {
  flex: 0 1 auto; min-width: 0; white-space: normal; overflow: hidden; overflow-wrap: normal; text-align: start;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 1; line-clamp: 1;
}
/* Narrowed to its cell's room (the pill's max-width bounds what the grid sees): cut mid-word. */
.pill.capped > .label { display: block; white-space: nowrap; text-overflow: ellipsis; -webkit-line-clamp: none; line-clamp: none; }
.pill:focus-visible, .action:focus-visible, .close:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
.u-none { color: #8a3b00; background: #fff4e5; }
.u-later { color: #33485c; background: #eef3f8; }
.u-soon { color: #7a4d00; background: #fff4d6; }
.u-critical { color: #a4262c; background: #fde7e9; }
.u-expired { color: #fff; background: #a4262c; border-color: #a4262c; }
.u-warn { color: #7a4d00; background: #fff4d6; }
.u-target { color: #0b6a0b; background: #e7f5e7; }
.sep { opacity: .75; }
.dot { display: inline-block; width: 7px; height: 7px; border-radius: 50%; background: currentColor; }
`;

export const BADGE_CSS = `${BASE}
/* A column: the body scrolls, the way to the checklist stays at the bottom, always in view. */
.details {
  box-sizing: border-box; margin: 0; inset: auto; position: fixed; width: min(26rem, calc(100vw - 16px));
  max-height: min(70vh, 32rem); overflow: hidden; padding: 0; border: 1px solid #8a8886;
  border-radius: 6px; background: #fff; color: #1b1b1b; box-shadow: 0 6px 24px rgba(0,0,0,.22);
  font: 400 13px/1.45 "Segoe UI", system-ui, -apple-system, sans-serif; text-align: left; white-space: normal;
}
.details:popover-open { display: flex; flex-direction: column; }
.details-body { flex: 1 1 auto; min-height: 0; overflow: auto; padding: 12px 14px 10px; }
.details-body:focus-visible { outline: 2px solid #0b5cad; outline-offset: -2px; }
.details-foot { flex: none; padding: 8px 14px 10px; border-top: 1px solid #edebe9; }
.details-foot .action { margin: 0; }
.details h2 { font-size: 14px; font-weight: 600; margin: 0 24px 6px 0; }
.details h3 { font-size: 12px; font-weight: 600; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: #605e5c; }
.details ul { margin: 0; padding-left: 18px; }
.details li { margin: 2px 0; }
.details p { margin: 4px 0; }
.muted { color: #605e5c; }
.tag { font-size: 11px; font-weight: 600; color: #0b6a0b; margin-left: 4px; }
.alert { padding: 6px 8px; border-radius: 4px; margin: 6px 0; }
.alert.u-expired { color: #fff; }
.close { position: absolute; top: 6px; right: 6px; border: 0; background: transparent; font-size: 16px; line-height: 1; padding: 4px 6px; cursor: pointer; color: #605e5c; }
.action { margin-top: 10px; padding: 4px 10px; border: 1px solid #0b5cad; border-radius: 4px; background: #0b5cad; color: #fff; cursor: pointer; font-weight: 600; }
`;

export const CHIP_CSS = `${BASE}
.pill { cursor: default; }
/* A catalog highlight never runs under the page's own panels: its text is short and at most 24em wide. */
.pill.bounded { max-width: 24em; box-sizing: border-box; }
.pill.bounded > .label { display: block; white-space: nowrap; text-overflow: ellipsis; -webkit-line-clamp: none; line-clamp: none; }
/* A current product's end date: quieter than a retired SKU's marks (lighter type, dashed edge). */
.pill.quiet { font-weight: 400; border-style: dashed; padding: 0 6px; }
`;
