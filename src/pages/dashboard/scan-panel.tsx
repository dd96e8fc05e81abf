/** Sign-in and "Scan all customers" (owned by the API-scan work; placeholder until it lands). */
export function ScanPanel() {
  return null;
}
