/** What the extension pages say when the worker could not do something. */
import { CommandError } from '../../messages.ts';
import { t } from './i18n.ts';

export function errorText(error: unknown): string {
  // A database written by a newer SKU Shift (the extension was rolled back) is not a passing fault.
  if (error instanceof CommandError && error.code === 'storage-too-new') return t('dash_error_storage_too_new');
  return t('dash_error_worker');
}
