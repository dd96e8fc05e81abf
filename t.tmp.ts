import { SEED_RULES } from './src/core/catalog-seed.ts';
import { compileNames } from './src/core/catalog-matcher.ts';
const entries = SEED_RULES.flatMap((r) => r.offerNames.map((name) => ({ name, value: r.id })));
console.log('names', entries.length);
let t0 = performance.now();
const c = compileNames(entries);
console.log('build', (performance.now() - t0).toFixed(1));
t0 = performance.now(); c.find('Dynamics AX Enterprise'); console.log('first find', (performance.now() - t0).toFixed(1));
t0 = performance.now(); c.find('Dynamics AX Task'); console.log('second find', (performance.now() - t0).toFixed(1));
for (const s of ['Dynamics AX Enterprise', 'Microsoft Dynamics CRM Online Professional', 'Office 365 E3 Dynamics']) {
  t0 = performance.now(); for (let i = 0; i < 20; i++) c.find(s + ' ' + i); console.log(s, ((performance.now() - t0) / 20).toFixed(2), 'ms/find');
}
