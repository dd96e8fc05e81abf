/**
 * The one explicit list of content-script features. A feature is one file in this folder that
 * declares the page kinds it runs on (see ../feature.ts); add it here to ship it.
 */
import type { Feature } from '../feature.ts';
import retiredSkuBadge from './retired-sku-badge.tsx';
import targetProductHighlight from './target-product-highlight.tsx';
import checklist from './checklist.tsx';
import sessionToken from './session-token.ts';

export const FEATURES: readonly Feature[] = [retiredSkuBadge, targetProductHighlight, checklist, sessionToken];
