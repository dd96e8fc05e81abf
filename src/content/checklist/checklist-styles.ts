/**
 * Styles for the checklist panel and its launcher (the suspend warning's: ./suspend-warning-styles.ts). They live inside the
 * shadow roots (page CSS cannot reach them, they cannot leak out). Colours meet WCAG AA on white;
 * focus is always visible.
 */
const FONT = `"Segoe UI", system-ui, -apple-system, sans-serif`;

export const CHECKLIST_CSS = `
:host { all: initial; }
.root { font: 400 13px/1.45 ${FONT}; color: #1b1b1b; }
button, textarea, input, select { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
.launcher {
  position: fixed; z-index: 2147483000; display: inline-flex; align-items: center; gap: 8px;
  padding: 8px 14px; border: 1px solid #0b5cad; border-radius: 18px; background: #fff; color: #0b5cad;
  font: 600 13px/1.2 ${FONT}; box-shadow: 0 4px 14px rgba(0,0,0,.18); cursor: pointer;
}
.launcher .dot { width: 9px; height: 9px; border-radius: 50%; background: #0b5cad; }
.dot.u-critical, .dot.u-expired { background: #a4262c; }
.dot.u-soon { background: #c19c00; }
.dot.u-done { background: #107c10; }
.panel {
  position: fixed; z-index: 2147483000; box-sizing: border-box; width: 380px; max-width: calc(100vw - 32px);
  display: flex; flex-direction: column; background: #fff; border: 1px solid #8a8886; border-radius: 8px;
  box-shadow: 0 8px 28px rgba(0,0,0,.24); overflow: hidden;
}
.head { display: flex; align-items: flex-start; gap: 8px; padding: 12px 14px 8px; border-bottom: 1px solid #edebe9; }
.head h2 { margin: 0; font-size: 15px; font-weight: 600; }
.head .customer { margin: 2px 0 0; color: #605e5c; font-size: 12px; overflow-wrap: anywhere; }
.head .close { margin-left: auto; border: 0; background: transparent; font-size: 18px; line-height: 1; padding: 2px 6px; cursor: pointer; border-radius: 4px; }
.head .close:hover { background: #f3f2f1; }
.body { overflow: auto; padding: 8px 14px 12px; }
h3 { margin: 12px 0 4px; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: #605e5c; }
.notice { margin: 6px 0; padding: 8px 10px; border-radius: 4px; border-left: 4px solid #c19c00; background: #fff8df; color: #3b2f00; }
.notice.critical { border-color: #a4262c; background: #fde7e9; color: #5c0f14; }
.notice.info { border-color: #0b5cad; background: #eef4fb; color: #102a43; }
.plan { margin: 0; padding: 0; list-style: none; }
.plan li { margin: 4px 0; }
.plan .target { font-weight: 600; }
.plan .article, .muted { color: #605e5c; font-size: 12px; }
.choice { display: flex; gap: 12px; margin: 4px 0; }
.choice label { display: inline-flex; gap: 4px; align-items: center; cursor: pointer; }
.steps { margin: 0; padding: 0; list-style: none; counter-reset: step; }
.step { margin: 6px 0; padding: 8px 10px; border: 1px solid #edebe9; border-radius: 6px; }
.step.current { border-color: #0b5cad; box-shadow: inset 3px 0 0 #0b5cad; }
.step .line { display: flex; align-items: center; gap: 8px; }
.step .title { font-weight: 600; flex: 1; cursor: pointer; }
.step input[type=checkbox] { width: 16px; height: 16px; margin: 0; accent-color: #107c10; cursor: pointer; }
.status { font-size: 11px; font-weight: 600; padding: 1px 8px; border-radius: 9px; background: #f3f2f1; color: #3b3a39; white-space: nowrap; }
.status.done { background: #dff6dd; color: #0b5a0b; }
.status.in-progress { background: #eef4fb; color: #0b4a8b; }
.evidence { margin: 4px 0 0 24px; font-size: 12px; color: #605e5c; overflow-wrap: anywhere; }
.evidence q { color: #323130; }
.confirm { margin: 6px 0 0 24px; padding: 6px 8px; border-left: 4px solid #c19c00; background: #fff8df; }
.confirm .evidence { margin-left: 0; }
.confirm button { margin-top: 6px; padding: 4px 10px; border: 1px solid #0b5cad; border-radius: 4px; background: #0b5cad; color: #fff; font-weight: 600; cursor: pointer; }
button.link { border: 0; padding: 0; background: none; color: #0b5cad; text-decoration: underline; cursor: pointer; font-size: inherit; }
.flag { display: inline-block; margin: 4px 0 0 24px; font-size: 11px; font-weight: 600; color: #8a3b00; }
.now { margin: 6px 0 0 24px; padding: 6px 8px; background: #eef4fb; border-radius: 4px; color: #102a43; }
.now a { color: #0b5cad; font-weight: 600; }
.progress { margin: 4px 0 0 24px; }
.bar { height: 6px; border-radius: 3px; background: #edebe9; overflow: hidden; margin-top: 3px; }
.bar span { display: block; height: 100%; background: #107c10; }
textarea { box-sizing: border-box; width: 100%; min-height: 64px; padding: 6px 8px; border: 1px solid #8a8886; border-radius: 4px; resize: vertical; background: #fff; }
.saved { font-size: 11px; color: #605e5c; min-height: 1.4em; margin: 2px 0 0; }
.error { margin: 6px 0; color: #a4262c; font-weight: 600; }
`;
