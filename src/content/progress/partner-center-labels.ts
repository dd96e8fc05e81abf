/**
 * Partner Center's own words, in the languages its UI ships in, so the checklist can tell the partner
 * "click «Ajouter un abonnement»" on a French page and recognise "Suspendu" in a French grid.
 *
 * Source: /work/shared/notes/partner-center.md ("Confirmed in 2026": current doc wordings; the older
 * ones from earlier doc translations). They are unconfirmed as the live UI strings, which is why
 * every word lives here and nowhere else: a wrong guess is one edit.
 */
export type PartnerCenterLanguage = 'en' | 'fr' | 'de' | 'es';

export type PartnerCenterLabel =
  | 'customers'
  | 'subscriptions'
  | 'addSubscriptions'
  | 'usersAndLicenses'
  | 'manageLicenses'
  | 'status'
  | 'suspended'
  | 'submit'
  // The current license flow: Users and licenses → user → Edit → wizard Next → Complete.
  | 'edit'
  | 'next'
  | 'complete'
  | 'autoRenew';

/** Today's wording first (the one guidance quotes), then older ones still recognised on pages. */
type Wordings = readonly [current: string, ...older: string[]];

const LABELS: Record<PartnerCenterLabel, Record<PartnerCenterLanguage, Wordings>> = {
  customers: { en: ['Customers'], fr: ['Clients'], de: ['Kunden'], es: ['Clientes'] },
  subscriptions: { en: ['Subscriptions'], fr: ['Abonnements'], de: ['Abonnements'], es: ['Suscripciones'] },
  addSubscriptions: {
    en: ['Add subscription', 'Add subscriptions'],
    fr: ['Ajouter un abonnement', 'Ajouter des abonnements'],
    de: ['Abonnement hinzufügen', 'Abonnements hinzufügen'],
    es: ['Agregar suscripción', 'Agregar suscripciones'],
  },
  usersAndLicenses: {
    en: ['Users and licenses'],
    fr: ['Utilisateurs et licences'],
    de: ['Benutzer und Lizenzen'],
    es: ['Usuarios y licencias'],
  },
  manageLicenses: {
    en: ['Manage licenses'],
    fr: ['Gérer les licences'],
    de: ['Lizenzen verwalten', 'Verwalten von Lizenzen'],
    es: ['Administrar licencias'],
  },
  status: { en: ['Status'], fr: ['État'], de: ['Status'], es: ['Estado'] },
  suspended: { en: ['Suspended'], fr: ['Suspendu'], de: ['Angehalten', 'Ausgesetzt'], es: ['Suspendido', 'Suspendida'] },
  submit: { en: ['Submit'], fr: ['Envoyer'], de: ['Absenden', 'Übermitteln'], es: ['Enviar'] },
  edit: { en: ['Edit'], fr: ['Modifier'], de: ['Bearbeiten'], es: ['Editar'] },
  next: { en: ['Next'], fr: ['Suivant'], de: ['Weiter'], es: ['Siguiente'] },
  complete: { en: ['Complete'], fr: ['Terminer'], de: ['Abschließen'], es: ['Completar'] },
  // The new-commerce toggle; the German wording is not in the docs (a guess).
  autoRenew: { en: ['Auto-renew'], fr: ['Renouvellement automatique'], de: ['Automatische Verlängerung'], es: ['Renovación automática'] },
};

/** The label as Partner Center shows it today in `language` (what guidance quotes). */
export function partnerCenterLabel(label: PartnerCenterLabel, language: PartnerCenterLanguage): string {
  return LABELS[label][language][0];
}

/**
 * Every spelling of a label across the supported languages, current and older, to recognise it
 * whatever the page language and whichever wording the page still uses.
 */
export function partnerCenterLabelVariants(label: PartnerCenterLabel): readonly string[] {
  return [...new Set(Object.values(LABELS[label]).flat())];
}

const LANGUAGES: readonly PartnerCenterLanguage[] = ['en', 'fr', 'de', 'es'];

function asLanguage(tag: string | null | undefined): PartnerCenterLanguage | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as PartnerCenterLanguage) : null;
}

/**
 * The language the Partner Center page is displayed in: the locale segment of the URL path
 * (`/fr-fr/dashboard/...`) wins because Partner Center routes by it; then the document's `lang`;
 * English otherwise (Partner Center's default, and the language of the migration article).
 */
export function partnerCenterLanguage(pathname: string, documentLang?: string | null): PartnerCenterLanguage {
  const segment = /^\/([a-z]{2})-[a-z]{2,4}(?:\/|$)/i.exec(pathname)?.[1];
  return asLanguage(segment) ?? asLanguage(documentLang) ?? 'en';
}
