import { build, type Rolldown } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * Bundles one entry module into a self-contained IIFE script that exposes its exports as the global
 * `name`, for injecting pure page readers into a plain Chromium page (no extension involved).
 */
export async function bundleEntry(entry: URL, name: string, options: { minify?: boolean } = {}): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: options.minify ?? false, lib: { entry: fileURLToPath(entry), formats: ['iife'], name } },
  })) as Rolldown.RolldownOutput[];
  return output[0]!.output[0].code;
}
