import { execFileSync } from 'node:child_process';

/**
 * Runs `npm <args>` as a shell would: without the NODE_ENV=test (and VITEST_*) that vitest sets, with
 * which vite would make a different build. Throws with npm's output when it fails.
 */
export function npmRun(args: string[], cwd = process.cwd()): void {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
  try {
    execFileSync('npm', args, { cwd, env, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`\`npm ${args.join(' ')}\` failed in ${cwd}:\n${stdout}${stderr}`, { cause: error });
  }
}
