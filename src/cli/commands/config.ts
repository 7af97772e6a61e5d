import type { Command } from 'commander';
import { getLang, t, tOr } from '../i18n/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { table } from '../format.js';

/** `clientele config`: the settings saved in the store (value/settings.ts). */
export function registerConfig(program: Command, db: () => string): void {
  const config = program
    .command('config')
    .summary(t('cmd.config'))
    .description(t('config.description'))
    .addHelpText('after', `\n${t('config.examples')}\n  clientele config set margin-rate 0.35\n  clientele config set currency GBP\n  clientele config set threshold.loyalty q0.6\n  clientele config show\n  clientele config unset margin-rate`);
  config
    .command('show')
    .summary(t('config.show'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { readSettings, SETTINGS, SETTING_KEYS } = await import('../../value/settings.js');
      const stored = await withAnyStore(db(), ({ engine }) => readSettings(engine));
      if (o.json) {
        printJson(stored);
        return;
      }
      const show = (v: unknown) => (v === undefined ? '' : typeof v === 'object' && v !== null ? ('quantile' in v ? `q${(v as { quantile: number }).quantile}` : String((v as { value: number }).value)) : String(v));
      print(table([t('config.col.setting'), t('config.col.saved'), t('config.col.meaning')], SETTING_KEYS.map((k) => [getLang() === 'en' ? k : `\`${k}\``, stored[k] === undefined ? t('config.default') : show(stored[k]), tOr(`config.help.${k}`, SETTINGS[k].help)])));
    });
  config
    .command('set')
    .summary(t('config.set'))
    .argument('<key>', t('config.arg.key'))
    .argument('<value>', t('config.arg.value'))
    .option('--json', t('cli.json'))
    .action(async (key: string, value: string, o: { json?: boolean }) => {
      const { setSetting } = await import('../../value/settings.js');
      const r = await withAnyStore(db(), ({ engine }) => setSetting(engine, key, value));
      if (o.json) printJson(r);
      else print(t('config.saved', { key: r.key, value: typeof r.value === 'object' ? JSON.stringify(r.value) : r.value }));
    });
  config
    .command('unset')
    .summary(t('config.unset'))
    .argument('<key>', t('config.arg.setting'))
    .option('--json', t('cli.json'))
    .action(async (key: string, o: { json?: boolean }) => {
      const { settingKey, unsetSetting } = await import('../../value/settings.js');
      const k = settingKey(key);
      const was = await withAnyStore(db(), ({ engine }) => unsetSetting(engine, k));
      if (o.json) printJson({ key: k, removed: was });
      else print(was ? t('config.forgot', { key: k }) : t('config.notSet', { key: k }));
    });
}
