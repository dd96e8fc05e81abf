/**
 * Injected UI lives in a host element with an OPEN shadow root (tests and assistive technology read
 * it), reset with `all: initial` so the page's CSS cannot reach in, and styles kept inside the root.
 * Everything is rendered by Preact, which sets page-derived strings as text, never as HTML.
 */
import { render, type ComponentChild } from 'preact';
import { OWN_TAG_PREFIX } from './deep-dom.ts';
import { contain, containingCell, unwatchRoom, watchRoom } from './inline-room.ts';

export interface ShadowMount {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** Re-renders the UI (Preact diffs it). */
  update(ui: ComponentChild): void;
  /** Unmounts the UI and removes the host. Safe to call twice. */
  remove(): void;
}

export interface MountOptions {
  /** Host tag suffix: `badge` → `<sku-shift-badge>`. */
  name: string;
  /** CSS for inside the shadow root; one constructed stylesheet per distinct text, shared by all hosts. */
  css: string;
  /** How the host sits in the page's layout. */
  display?: 'inline-block' | 'inline' | 'block' | 'contents';
  /** Where to put the host: right after a node (badges) or appended to an element (panels). */
  place: { after: Node } | { appendTo: Element | ShadowRoot };
}

const sheets = new Map<string, CSSStyleSheet | null>();

/** One CSSStyleSheet per CSS text, shared across every shadow root (cheap for hundreds of badges). */
function sharedSheet(css: string): CSSStyleSheet | null {
  if (sheets.has(css)) return sheets.get(css) ?? null;
  let sheet: CSSStyleSheet | null;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  } catch {
    // Some engines refuse constructed sheets from content-script worlds; fall back to <style>.
    sheet = null;
  }
  sheets.set(css, sheet);
  return sheet;
}

/** Mounts Preact UI in a fresh open-shadow host placed as `options.place` says. */
export function mountInShadow(ui: ComponentChild, options: MountOptions): ShadowMount {
  const doc = 'after' in options.place ? options.place.after.ownerDocument : ownerOf(options.place.appendTo);
  if (!doc) throw new Error('mountInShadow: node has no document');
  const host = doc.createElement(`${OWN_TAG_PREFIX.toLowerCase()}${options.name}`);
  // Inline and !important: page stylesheets cannot override it; `all: initial` drops inherited fonts,
  // colours and any rule the page targets at unknown elements.
  const display = options.display ?? 'inline-block';
  // In a grid cell, inline UI does not make the table re-measure its columns (./inline-room.ts).
  const cell = display === 'inline-block' && 'after' in options.place ? containingCell(options.place.after) : null;
  const contained = cell !== null;
  host.setAttribute('style', `all: initial !important; display: ${display} !important;`);
  if (contained) contain(host);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = sharedSheet(options.css);
  let adopted = false;
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      adopted = true;
    } catch {
      adopted = false;
    }
  }
  if (!adopted) {
    const style = doc.createElement('style');
    style.textContent = options.css;
    root.append(style);
  }
  const container = doc.createElement('span');
  container.className = 'root';
  root.append(container);
  render(ui, container);

  if ('after' in options.place) {
    const { after } = options.place;
    // Beside an element a component projects into one of its slots (Partner Center's grids slot their
    // cells' content): in the same slot, or it would not show at all.
    if (after instanceof Element && after.slot) host.slot = after.slot;
    after.parentNode?.insertBefore(host, after.nextSibling);
  } else options.place.appendTo.append(host);
  if (cell) watchRoom(host, container, cell);

  let removed = false;
  return {
    host,
    root,
    update(next) {
      if (!removed) render(next, container);
    },
    remove() {
      if (removed) return;
      removed = true;
      if (contained) unwatchRoom(host);
      render(null, container);
      host.remove();
    },
  };
}

function ownerOf(node: Element | ShadowRoot): Document | null {
  return node.ownerDocument;
}
