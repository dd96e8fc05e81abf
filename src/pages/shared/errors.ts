/** What the extension pages say when the worker could not do something. */
import { CommandError, LIMITS } from '../../messages.ts';
import { formatCount, t } from './i18n.ts';

export function errorText(error: unknown): string {
  // A database written by a newer SKU Shift (the extension was rolled back) is not a passing fault.
  if (error instanceof CommandError && error.code === 'storage-too-new') return t('dash_error_storage_too_new');
  // Too large: say the limit, so the partner knows how much to cut.
  if (error instanceof CommandError && error.code === 'too-large') return tooLargeText(error.limit);
  return t('dash_error_worker');
}

export function tooLargeText(limit: CommandError['limit']): string {
  if (!limit) return t('dash_error_too_large_command', formatCount(LIMITS.commandLength));
  return limit.unit === 'items' ? t('dash_error_too_many_items', formatCount(limit.max)) : t('dash_error_too_large', formatCount(limit.max));
}

/** The import file size limit, in megabytes (LIMITS.importLength is in characters; a file's size is in bytes). */
export const IMPORT_LIMIT_MB = Math.floor(LIMITS.importLength / (1024 * 1024));
