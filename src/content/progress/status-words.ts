import type { SubscriptionStatus } from '../../core/observation.ts';

/**
 * Subscription status words as Partner Center grids and details pages show them (EN/FR/DE/ES, with
 * gender/number variants the translations use). Unconfirmed as live strings, like every label in
 * partner-center-labels.ts; kept to whole words so "Inactive" never reads as "Active".
 */
const STATUS_WORDS: ReadonlyArray<readonly [SubscriptionStatus, readonly string[]]> = [
  ['active', ['active', 'actif', 'active', 'aktiv', 'activo', 'activa']],
  ['suspended', ['suspended', 'suspendu', 'suspendue', 'ausgesetzt', 'angehalten', 'suspendida', 'suspendido']],
  ['pending', ['pending', 'en attente', 'ausstehend', 'pendiente']],
  ['expired', ['expired', 'expiré', 'expirée', 'abgelaufen', 'expirada', 'expirado', 'caducada']],
  ['disabled', ['disabled', 'désactivé', 'désactivée', 'deaktiviert', 'deshabilitada', 'deshabilitado']],
  ['deleted', ['deleted', 'supprimé', 'supprimée', 'gelöscht', 'eliminada', 'eliminado']],
];

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

const EXACT = new Map<string, SubscriptionStatus>();
for (const [status, words] of STATUS_WORDS) for (const word of words) EXACT.set(word, status);

/** The status a cell's whole text states ("Active", " Suspendu "), or null when the cell says something else. */
export function statusFromCell(text: string): SubscriptionStatus | null {
  return EXACT.get(normalise(text).replace(/[.:;]$/u, '')) ?? null;
}

const LABELLED = new RegExp(String.raw`(?:^|[\s·|,;(])(?:status|état|etat|estado)\s*:?\s*(` + [...EXACT.keys()].sort((a, b) => b.length - a.length).join('|') + String.raw`)(?=$|[\s·|,;.)])`, 'iu');

/**
 * The status a longer text states after a "Status:" label ("Status: Suspended · Expires on ..."). German
 * uses "Status" like English. Returns null when no labelled status is there, never guesses from a bare word
 * in running text (a product description could say "active").
 */
export function statusFromLabelledText(text: string): SubscriptionStatus | null {
  const match = LABELLED.exec(normalise(text));
  return match?.[1] ? (EXACT.get(match[1]) ?? null) : null;
}
