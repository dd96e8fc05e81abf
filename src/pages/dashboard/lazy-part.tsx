/**
 * A part of the dashboard whose code loads the first time it is wanted (its section shown), not
 * with the page: the first screen (the customer table) only pays for itself. Once loaded, a part
 * stays mounted (hidden when not shown), as every section did: a running scan lives in its panel.
 * After the first screen, `prefetchParts` loads the rest when the page is idle, so visiting a
 * section seldom waits.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../shared/errors.ts';
import { t } from '../shared/i18n.ts';

export interface LazyPart<T> {
  /** Starts the import once (again after a failure); resolves with the part. */
  load(): Promise<T>;
  /** The part once loaded. */
  readonly value: T | undefined;
}

export function lazyPart<T>(importPart: () => Promise<T>): LazyPart<T> {
  let loading: Promise<T> | null = null;
  const part: { value: T | undefined; load(): Promise<T> } = {
    value: undefined,
    load() {
      loading ??= importPart().then(
        (value) => (part.value = value),
        (failure: unknown) => {
          loading = null;
          throw failure;
        },
      );
      return loading;
    },
  };
  return part;
}

/** Loads `parts` one at a time when the page is idle (a failure waits for the part to be wanted). */
export function prefetchParts(parts: readonly LazyPart<unknown>[]): void {
  const idle = (next: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(next, { timeout: 2_000 }) : setTimeout(next, 50));
  const queue = parts.filter((p) => p.value === undefined);
  const step = () => {
    const part = queue.shift();
    if (part)
      void part.load().then(
        () => idle(step),
        () => idle(step),
      );
  };
  idle(step);
}

/**
 * Renders `children(part)` once the part is wanted and loaded, and from then on; a line that says it
 * is loading meanwhile, and why it failed (with a retry) if its code could not be loaded (e.g. the
 * extension was updated under the open page). `onLoad` runs after a part that had to be waited for
 * is first shown.
 */
export function Loaded<T>(props: { part: LazyPart<T>; wanted: boolean; onLoad?: () => void; children: (part: T) => ComponentChildren }) {
  const { part, wanted, onLoad } = props;
  const [failure, setFailure] = useState<string | null>(null);
  const [waited, setWaited] = useState(false);
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (!wanted || part.value !== undefined || failure) return;
    let live = true;
    setWaited(true);
    part.load().then(
      () => live && setLoaded((n) => n + 1),
      (error: unknown) => live && setFailure(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [part, wanted, failure]);
  const shown = part.value !== undefined;
  useEffect(() => {
    if (shown && waited) onLoad?.();
  }, [shown, waited, onLoad]);

  if (part.value !== undefined) return <>{props.children(part.value)}</>;
  if (!wanted) return null;
  if (failure)
    return (
      <p role="alert" class="report error">
        {failure}{' '}
        <button type="button" onClick={() => setFailure(null)}>
          {t('dash_retry')}
        </button>
      </p>
    );
  return <p role="status">{t('dash_loading')}</p>;
}
