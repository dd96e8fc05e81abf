/**
 * Styles for the inline suspend warning, apart from the panel's (./checklist-styles.ts): the warning's
 * code loads on a subscription's details page only, and shares no chunk with the panel. Inside its
 * shadow root, like every injected UI; colours meet WCAG AA.
 */
const FONT = `"Segoe UI", system-ui, -apple-system, sans-serif`;

export const WARNING_CSS = `
:host { all: initial; }
.root { font: 400 13px/1.45 ${FONT}; }
.warning {
  display: block; box-sizing: border-box; max-width: 36rem; margin: 8px 0; padding: 10px 12px;
  border-left: 4px solid #a4262c; border-radius: 4px; background: #fde7e9; color: #5c0f14;
}
.warning strong { display: block; margin-bottom: 2px; }
.warning button { margin-top: 6px; padding: 4px 10px; border: 1px solid #a4262c; border-radius: 4px; background: #fff; color: #a4262c; font: 600 12px/1.4 ${FONT}; cursor: pointer; }
.warning button:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
.warning a { color: #5c0f14; font-weight: 600; }
`;
