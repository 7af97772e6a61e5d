import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { ROLES, addUser, audit, findUser, isRole, issueToken, listUsers, removeUser, setPassword } from '../../server/index.js';
import { NotFoundError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { numberOption } from '../options.js';
import { table } from '../format.js';
import { t } from '../i18n/index.js';

const CLI_ACTOR = { id: null, name: 'cli' } as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > 4096) throw new UsageError(t('user.tooLong'));
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(t('user.noTerminal'), t('user.noTerminal.hint'));
  let muted = false;
  const out = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output: out, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

export function registerUser(program: Command, db: () => string): void {
  const user = program.command('user').summary(t('cmd.user'));

  user
    .command('add')
    .summary(t('user.add.summary'))
    .argument('<name>')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--password-stdin', t('user.opt.passwordStdin'))
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { role: string; passwordStdin?: boolean; json?: boolean }) => {
      if (!isRole(o.role)) throw new UsageError(t('act.badChoice', { option: '--role', value: o.role, list: ROLES.join(', ') }));
      const role = o.role;
      let password: string;
      if (o.passwordStdin) password = await readStdin();
      else {
        password = await prompt(t('user.prompt', { name }));
        if ((await prompt(t('user.again'))) !== password) throw new UsageError(t('user.differ'));
      }
      const u = await withAnyStore(db(), async ({ engine }) => {
        const u = await addUser(engine, name, role, password);
        await audit(engine, CLI_ACTOR, 'user.add', `${name} (${role})`);
        return u;
      });
      if (o.json) printJson(u);
      else print(t('user.added', { role: u.role, name: u.name }));
    });

  user
    .command('list')
    .summary(t('user.list.summary'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const users = await withAnyStore(db(), ({ engine }) => listUsers(engine));
      if (o.json) printJson(users);
      else if (!users.length) print(t('user.none'));
      else print(table([t('user.col.name'), t('user.col.role'), t('user.col.created')], users.map((u) => [u.name, u.role, u.createdAt.slice(0, 19).replace('T', ' ')])));
    });

  user
    .command('remove')
    .summary(t('user.remove.summary'))
    .argument('<name>')
    .action(async (name: string) => {
      await withAnyStore(db(), async ({ engine }) => {
        await removeUser(engine, name);
        await audit(engine, CLI_ACTOR, 'user.remove', name);
      });
      print(t('user.removed', { name }));
    });

  user
    .command('password')
    .summary(t('user.password.summary'))
    .argument('<name>')
    .option('--password-stdin', t('user.opt.passwordStdin'))
    .action(async (name: string, o: { passwordStdin?: boolean }) => {
      let password: string;
      if (o.passwordStdin) password = await readStdin();
      else {
        password = await prompt(t('user.password.prompt', { name }));
        if ((await prompt(t('user.again'))) !== password) throw new UsageError(t('user.differ'));
      }
      const ended = await withAnyStore(db(), async ({ engine }) => {
        const before = await engine.query<{ n: number }>('SELECT count(*) AS n FROM api_tokens t JOIN users u ON u.user_id = t.user_id WHERE u.name = $1', [name]);
        await setPassword(engine, name, password);
        await audit(engine, CLI_ACTOR, 'user.password', name);
        return Number(before[0]?.n ?? 0);
      });
      print(t('user.password.set', { name, n: ended }));
    });

  user
    .command('token')
    .summary(t('user.token.summary'))
    .argument('<name>')
    .option('--days <n>', t('user.opt.days'), '90')
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { days: string; json?: boolean }) => {
      const days = numberOption('--days', o.days, 1, 366);
      const tok = await withAnyStore(db(), async ({ engine }) => {
        const u = await findUser(engine, name);
        if (!u) throw new NotFoundError(t('user.noUser', { name }), t('user.noUser.hint'));
        const issued = await issueToken(engine, u, 'api', Math.round(days * 86400));
        await audit(engine, CLI_ACTOR, 'user.token', name);
        return issued;
      });
      if (o.json) printJson(tok);
      else print(`${tok.token}\n${t('user.tokenNote', { expires: tok.expiresAt })}`);
    });
}
