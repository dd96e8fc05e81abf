/**
 * Partner Center's own words, in the languages its UI ships in, so the checklist can tell the partner
 * "click «Ajouter des abonnements»" on a French page and recognise "Suspendu" in a French grid.
 *
 * Source: /work/shared/notes/partner-center.md (human doc translations). They are unconfirmed as the
 * live UI strings, which is why every word lives here and nowhere else: a wrong guess is one edit.
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
  | 'submit';

const LABELS: Record<PartnerCenterLabel, Record<PartnerCenterLanguage, string>> = {
  customers: { en: 'Customers', fr: 'Clients', de: 'Kunden', es: 'Clientes' },
  subscriptions: { en: 'Subscriptions', fr: 'Abonnements', de: 'Abonnements', es: 'Suscripciones' },
  addSubscriptions: {
    en: 'Add subscriptions',
    fr: 'Ajouter des abonnements',
    de: 'Abonnements hinzufügen',
    es: 'Agregar suscripciones',
  },
  usersAndLicenses: {
    en: 'Users and licenses',
    fr: 'Utilisateurs et licences',
    de: 'Benutzer und Lizenzen',
    es: 'Usuarios y licencias',
  },
  manageLicenses: {
    en: 'Manage licenses',
    fr: 'Gérer les licences',
    de: 'Verwalten von Lizenzen',
    es: 'Administrar licencias',
  },
  status: { en: 'Status', fr: 'État', de: 'Status', es: 'Estado' },
  suspended: { en: 'Suspended', fr: 'Suspendu', de: 'Ausgesetzt', es: 'Suspendida' },
  submit: { en: 'Submit', fr: 'Envoyer', de: 'Übermitteln', es: 'Enviar' },
};

/** The label as Partner Center shows it in `language`. */
export function partnerCenterLabel(label: PartnerCenterLabel, language: PartnerCenterLanguage): string {
  return LABELS[label][language];
}

/** Every spelling of a label across the supported languages (to recognise it whatever the page language). */
export function partnerCenterLabelVariants(label: PartnerCenterLabel): readonly string[] {
  return Object.values(LABELS[label]);
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
