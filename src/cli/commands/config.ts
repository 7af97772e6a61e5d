import type { Command } from 'commander';
import { t, tOr } from '../i18n/index.js';
import { print, printJson, withStore } from '../context.js';
import { table } from '../format.js';

/** `clientele config`: the settings saved in the store (value/settings.ts). */
export function registerConfig(program: Command, db: () => string): void {
  const config = program
    .command('config')
    .summary('settings saved in the store (margin rate, cost per order, currency, thresholds): show, set, unset')
    .description(
      `Settings given once are saved in the store and used by every later command, the report and the server, until
changed. A flag or the config file (--config, ./clientele.config.json) still wins for one command; every output
says which settings it used. The first --margin-rate or --cost-per-order given to \`value\` is saved too.`,
    )
    .addHelpText('after', '\nExamples:\n  clientele config set margin-rate 0.35\n  clientele config set currency GBP\n  clientele config set threshold.loyalty q0.6\n  clientele config show\n  clientele config unset margin-rate');
  config
    .command('show')
    .summary('every setting: its value and whether it is saved in the store')
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { readSettings, SETTINGS, SETTING_KEYS } = await import('../../value/settings.js');
      const stored = await withStore(db(), (engine) => readSettings(engine));
      if (o.json) {
        printJson(stored);
        return;
      }
      const show = (v: unknown) => (v === undefined ? '' : typeof v === 'object' && v !== null ? ('quantile' in v ? `q${(v as { quantile: number }).quantile}` : String((v as { value: number }).value)) : String(v));
      print(table(['setting', 'saved value', 'meaning'], SETTING_KEYS.map((k) => [k, stored[k] === undefined ? '(default)' : show(stored[k]), SETTINGS[k].help])));
    });
  config
    .command('set')
    .summary('save one setting in the store')
    .argument('<key>', 'margin-rate, cost-per-order, lost-after, currency, threshold.current-value, threshold.long-term-value, threshold.loyalty, threshold.satisfaction')
    .argument('<value>', 'a number; a currency code (GBP); a threshold as a value (4) or a quantile (q0.6)')
    .option('--json', t('cli.json'))
    .action(async (key: string, value: string, o: { json?: boolean }) => {
      const { setSetting } = await import('../../value/settings.js');
      const r = await withStore(db(), (engine) => setSetting(engine, key, value));
      if (o.json) printJson(r);
      else print(`Saved ${r.key} = ${typeof r.value === 'object' ? JSON.stringify(r.value) : r.value}. Every later command, the report and the server use it.`);
    });
  config
    .command('unset')
    .summary('forget one setting: its default applies again')
    .argument('<key>', 'the setting')
    .option('--json', t('cli.json'))
    .action(async (key: string, o: { json?: boolean }) => {
      const { settingKey, unsetSetting } = await import('../../value/settings.js');
      const k = settingKey(key);
      const was = await withStore(db(), (engine) => unsetSetting(engine, k));
      if (o.json) printJson({ key: k, removed: was });
      else print(was ? `Forgot ${k}: its default applies again.` : `${k} was not set; nothing changed.`);
    });
}
