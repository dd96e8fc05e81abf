/**
 * The migration article's retirement table as data (shared/seed: "Migrate Dynamics AX subscriptions
 * to Dynamics 365"), plus the family add-ons the article leaves out. Names come from the legacy CSP
 * offer catalog and from Microsoft's "Product names and service plan identifiers for licensing";
 * where a name could not be confirmed from a public source, the comment says so. The admin portals
 * show license names translated; the French ones here are those of the French edition of that list.
 */
import type { RetirementRule, TargetProduct } from './catalog-types.ts';

/** Both families were retired on the same day, and stopped renewing on the same day. */
const RETIRED_ON = '2016-11-01';
const NO_RENEWAL_FROM = '2017-07-01';

export const NOTE_NO_DIRECT_REPLACEMENT = 'catalog_note_no_direct_replacement';

function target(t: TargetProduct): Readonly<TargetProduct> {
  return Object.freeze({
    ...t,
    catalogNames: Object.freeze([...t.catalogNames]) as string[],
    licenseNames: Object.freeze([...t.licenseNames]) as string[],
    skuPartNumbers: Object.freeze([...t.skuPartNumbers]) as string[],
  });
}

export const TARGETS = Object.freeze({
  unifiedOperations: target({
    id: 'd365-unified-operations',
    name: 'Dynamics 365 for Unified Operations',
    // Split in 2020 into Finance and Supply Chain Management; a former Unified Operations user
    // buys one (or both) of them today.
    catalogNames: [
      'Dynamics 365 Finance',
      'Dynamics 365 Supply Chain Management',
      'Dynamics 365 for Finance and Operations, Enterprise Edition',
      'Dynamics 365 for Operations, Enterprise Edition',
      'Dynamics 365 for Operations',
    ],
    licenseNames: [
      'Dynamics 365 UNF OPS Plan ENT Edition',
      'Dynamics 365 Finance',
      'Dynamics 365 for Supply Chain Management',
      'Dynamics 365 Unified Operations Plan',
      'Dynamics 365 pour la gestion de la chaîne logistique',
    ],
    skuPartNumbers: ['Dynamics_365_for_Operations', 'DYN365_FINANCE', 'DYN365_SCM'],
  }),
  plan: target({
    id: 'd365-plan',
    name: 'Dynamics 365 Plan',
    // The 2016 all-apps plan ("Plan 1"). Entra names its SKU DYN365_ENTERPRISE_PLAN1 "Dynamics 365
    // Plan 1 Enterprise Edition" today; older lists call the same SKU "Dynamics 365 Customer
    // Engagement Plan", so both targets carry it (a match reports both).
    catalogNames: ['Dynamics 365 Plan', 'Dynamics 365 Plan 1 Enterprise Edition'],
    licenseNames: ['Dynamics 365 Plan 1 Enterprise Edition'],
    skuPartNumbers: ['DYN365_ENTERPRISE_PLAN1'],
  }),
  activity: target({
    id: 'd365-activity',
    name: 'Dynamics 365 for Activity',
    catalogNames: ['Dynamics 365 Operations – Activity'],
    licenseNames: ['Dynamics 365 Operations – Activity', 'Dynamics 365 for Operations Activity'],
    skuPartNumbers: ['Dyn365_Operations_Activity'],
  }),
  teamMembers: target({
    id: 'd365-team-members',
    name: 'Dynamics 365 for Team Members',
    catalogNames: ['Dynamics 365 Team Members'],
    licenseNames: [
      'Dynamics 365 Team Members',
      'Dynamics 365 for Team Members Enterprise Edition',
      'Dynamics 365 pour les membres de l’équipe, édition Entreprise',
      'Dynamics 365 pour les membre de l’équipe, édition Entreprise', // sic, as published in French
    ],
    skuPartNumbers: ['DYN365_TEAM_MEMBERS', 'DYN365_ENTERPRISE_TEAM_MEMBERS'],
  }),
  operationsDevice: target({
    id: 'd365-operations-device',
    name: 'Dynamics 365 for Operations Device',
    catalogNames: ['Dynamics 365 Operations – Device'],
    licenseNames: ['Dynamics 365 Operations - Device', 'Dynamics 365 for Operations Devices', 'Dynamics 365 Operations – Appareil'],
    skuPartNumbers: ['Dynamics_365_for_Operations_Devices'],
  }),
  customerEngagementPlan: target({
    id: 'd365-customer-engagement-plan',
    name: 'Dynamics 365 Enterprise Customer Engagement Plan',
    catalogNames: ['Dynamics 365 Customer Engagement Plan'],
    licenseNames: ['Dynamics 365 Customer Engagement Plan', 'Dynamics 365 Customer Engagement Plan Enterprise Edition', 'Dynamics 365 Plan 1 Enterprise Edition'],
    skuPartNumbers: ['DYN365_ENTERPRISE_PLAN1'],
  }),
  sales: target({
    id: 'd365-sales',
    name: 'Dynamics 365 for Sales',
    catalogNames: ['Dynamics 365 Sales Enterprise', 'Dynamics 365 Sales Professional', 'Dynamics 365 Sales Premium'],
    licenseNames: [
      'Dynamics 365 for Sales Enterprise Edition',
      'Dynamics 365 For Sales Professional',
      'Dynamics 365 for Sales and Customer Service Enterprise Edition',
      'Dynamics 365 pour les ventes, édition Entreprise',
      'Dynamics 365 pour les ventes et le service client, édition Entreprise',
    ],
    skuPartNumbers: ['DYN365_ENTERPRISE_SALES', 'D365_SALES_PRO', 'DYN365_ENTERPRISE_SALES_CUSTOMERSERVICE'],
  }),
  customerService: target({
    id: 'd365-customer-service',
    name: 'Dynamics 365 for Customer Service',
    catalogNames: ['Dynamics 365 Customer Service Enterprise', 'Dynamics 365 Customer Service Professional'],
    licenseNames: [
      'Dynamics 365 for Customer Service Enterprise Edition',
      'Dynamics 365 Customer Service Professional',
      'Dynamics 365 for Sales and Customer Service Enterprise Edition',
      'Dynamics 365 for Customer Service, édition Entreprise',
      'Dynamics 365 pour les ventes et le service client, édition Entreprise',
    ],
    skuPartNumbers: ['DYN365_ENTERPRISE_CUSTOMER_SERVICE', 'DYN365_CUSTOMER_SERVICE_PRO', 'DYN365_ENTERPRISE_SALES_CUSTOMERSERVICE'],
  }),
  fieldService: target({
    id: 'd365-field-service',
    name: 'Dynamics 365 for Field Service',
    catalogNames: ['Dynamics 365 Field Service'],
    licenseNames: ['Dynamics 365 for Field Service Enterprise Edition', 'Dynamics 365 Field Service'],
    skuPartNumbers: ['DYN365_ENTERPRISE_FIELD_SERVICE'],
  }),
  projectServiceAutomation: target({
    id: 'd365-project-service-automation',
    name: 'Dynamics 365 for Project Service Automation',
    // Project Service Automation was retired in favour of Project Operations.
    catalogNames: ['Dynamics 365 Project Operations'],
    licenseNames: ['Dynamics 365 Project Operations', 'Dynamics 365 for Project Service Automation'],
    skuPartNumbers: ['DYN365_PROJECT_OPERATIONS'],
  }),
});

const T = TARGETS;

function rule(r: Omit<RetirementRule, 'origin' | 'retiredOn' | 'noRenewalFrom'>): RetirementRule {
  return Object.freeze({
    ...r,
    offerNames: Object.freeze([...r.offerNames]) as string[],
    targets: Object.freeze([...r.targets]) as TargetProduct[],
    retiredOn: RETIRED_ON,
    noRenewalFrom: NO_RENEWAL_FROM,
    origin: 'seed' as const,
  });
}

const AX = 'Dynamics AX';
const CRM = 'Dynamics CRM Online';

/** Every AX edition under both release names: "Dynamics AX Task", "Dynamics AX7 Task" (earlier CSP docs). */
function axOfferNames(...editions: string[]): string[] {
  return ['Dynamics AX', 'Dynamics AX7'].flatMap((release) => editions.map((edition) => `${release} ${edition}`));
}

/**
 * The CRM Online add-on offers put the add-on first and the base they extend after it, often with
 * its edition: "Field Service Add-On for Dynamics CRM Online Professional". Every form is a name of
 * the add-on, so the match covers the whole offer name ("Microsoft" is optional in any of them).
 */
function addOnOfferNames(addOn: string): string[] {
  const editions = ['', ' Professional', ' Enterprise', ' Basic', ' Essential'];
  return ['Microsoft Dynamics CRM Online', 'CRM Online'].flatMap((base) => editions.map((edition) => `${addOn} Add-On for ${base}${edition}`));
}

export const SEED_RULES: readonly RetirementRule[] = Object.freeze([
  rule({
    id: 'ax-enterprise',
    family: AX,
    name: 'Dynamics AX Enterprise',
    offerNames: axOfferNames('Enterprise'),
    targets: [T.unifiedOperations, T.plan],
  }),
  rule({
    id: 'ax-task',
    family: AX,
    name: 'Dynamics AX Task',
    offerNames: axOfferNames('Task'),
    targets: [T.activity],
  }),
  rule({
    id: 'ax-task-self-service',
    family: AX,
    name: 'Dynamics AX Task / Self Service',
    // The CSP offer was "Self Serve"; earlier docs map "Dynamics AX Functional" to Team Members too.
    offerNames: axOfferNames('Self Serve', 'Self Service', 'Task Self Service', 'Task Self Serve', 'Functional'),
    targets: [T.teamMembers],
  }),
  rule({
    id: 'ax-device',
    family: AX,
    name: 'Dynamics AX Device',
    offerNames: axOfferNames('Device'),
    targets: [T.operationsDevice],
  }),
  rule({
    id: 'crm-enterprise',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Enterprise',
    offerNames: ['Microsoft Dynamics CRM Online Enterprise', 'CRM Online Enterprise'],
    targets: [T.customerEngagementPlan],
  }),
  rule({
    id: 'crm-professional',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Professional',
    // "Microsoft Dynamics CRM Online" alone is the license name of CRMSTANDARD (Professional).
    offerNames: ['Microsoft Dynamics CRM Online Professional', 'CRM Online Professional', 'Microsoft Dynamics CRM Online'],
    targets: [T.customerEngagementPlan, T.sales, T.customerService],
  }),
  rule({
    id: 'crm-basic',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Basic',
    offerNames: ['Microsoft Dynamics CRM Online Basic', 'CRM Online Basic'],
    targets: [T.teamMembers, T.sales, T.customerService, T.customerEngagementPlan],
  }),
  rule({
    id: 'crm-essential',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Essential',
    offerNames: ['Microsoft Dynamics CRM Online Essential', 'Microsoft Dynamics CRM Online Essentials', 'CRM Online Essential', 'CRM Online Essentials'],
    targets: [T.teamMembers],
  }),
  rule({
    id: 'crm-field-service-addon',
    family: CRM,
    name: 'Field Service Add-On for Microsoft Dynamics CRM Online',
    offerNames: [...addOnOfferNames('Field Service'), 'Microsoft Dynamics CRM Online Field Service', 'CRM Online Field Service'],
    targets: [T.customerEngagementPlan, T.fieldService],
  }),
  rule({
    id: 'crm-project-service-addon',
    family: CRM,
    name: 'Project Service Automation Add-On for Microsoft Dynamics CRM Online',
    offerNames: [...addOnOfferNames('Project Service Automation'), 'Microsoft Dynamics CRM Online Project Service Automation', 'CRM Online Project Service Automation'],
    targets: [T.customerEngagementPlan, T.projectServiceAutomation],
  }),
  // Add-ons retired with their family. The article lists no replacement: recognised as retired,
  // never mapped to a guessed target.
  rule({
    id: 'ax-additional-storage',
    family: AX,
    name: 'Dynamics AX Additional Storage',
    offerNames: ['Dynamics AX Additional Storage', 'Dynamics AX Additional Database Storage', 'Dynamics AX Additional File Storage'],
    targets: [],
    noteKey: NOTE_NO_DIRECT_REPLACEMENT,
  }),
  rule({
    id: 'ax-sandbox',
    family: AX,
    name: 'Dynamics AX Sandbox',
    // Tier 1 (Developer & Test) to Tier 5 (Performance testing): one rule, same fate.
    offerNames: ['Dynamics AX Sandbox', 'Dynamics AX Additional Sandbox', 'Dynamics AX Additional Instance'],
    targets: [],
    noteKey: NOTE_NO_DIRECT_REPLACEMENT,
  }),
  rule({
    id: 'ax-user-trial',
    family: AX,
    name: 'Microsoft Dynamics AX7 User Trial',
    // Still listed in Entra's product list (AX7_USER_TRIAL): a retired AX license with nothing to buy.
    offerNames: ['Dynamics AX7 User Trial', 'Dynamics AX User Trial', 'Version d’essai de Microsoft Dynamics AX7'],
    targets: [],
    noteKey: NOTE_NO_DIRECT_REPLACEMENT,
  }),
  rule({
    id: 'crm-additional-storage',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Additional Storage',
    // Not "Microsoft Dynamics CRM Online Storage Add-On": that is the service plan inside today's
    // "Dynamics 365 - Additional Database Storage" (same Entra SKU, renamed), not a retired product.
    offerNames: ['Microsoft Dynamics CRM Online Additional Storage', 'CRM Online Additional Storage'],
    targets: [],
    noteKey: NOTE_NO_DIRECT_REPLACEMENT,
  }),
  rule({
    id: 'crm-additional-production-instance',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Additional Production Instance',
    // Not "Microsoft Dynamics CRM Online Instance": that is the service plan inside today's
    // "Dynamics 365 - Additional Production Instance (Qualified Offer)".
    offerNames: ['Microsoft Dynamics CRM Online Additional Production Instance', 'CRM Online Additional Production Instance'],
    targets: [],
    noteKey: NOTE_NO_DIRECT_REPLACEMENT,
  }),
  rule({
    id: 'crm-additional-non-production-instance',
    family: CRM,
    name: 'Microsoft Dynamics CRM Online Additional Non-Production Instance',
    // Not "... CRM Online Additional Test Instance": the service plan of today's non-production instance.
    offerNames: ['Microsoft Dynamics CRM Online Additional Non-Production Instance', 'CRM Online Additional Non-Production Instance'],
    targets: [],
    noteKey: NOTE_NO_DIRECT_REPLACEMENT,
  }),
]);
