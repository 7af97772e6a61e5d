import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { ROLES, addUser, audit, findUser, isRole, issueToken, listUsers, removeUser, setPassword } from '../../server/index.js';
import { NotFoundError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { numberOption } from '../options.js';
import { table } from '../format.js';

const CLI_ACTOR = { id: null, name: 'cli' } as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > 4096) throw new UsageError('--password-stdin: the input is too long for a password');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('no terminal to ask for the password', 'pipe it in with --password-stdin');
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
  const user = program.command('user').summary("the server's accounts: add, list, remove, passwords and API tokens");

  user
    .command('add')
    .summary('add a user; the password is asked for, or read from standard input (never an argument)')
    .argument('<name>')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { role: string; passwordStdin?: boolean; json?: boolean }) => {
      if (!isRole(o.role)) throw new UsageError(`--role ${o.role}: use ${ROLES.join(', ')}`);
      const role = o.role;
      let password: string;
      if (o.passwordStdin) password = await readStdin();
      else {
        password = await prompt(`Password for ${name}: `);
        if ((await prompt('Again: ')) !== password) throw new UsageError('the passwords differ');
      }
      const u = await withStore(db(), async (engine) => {
        const u = await addUser(engine, name, role, password);
        await audit(engine, CLI_ACTOR, 'user.add', `${name} (${role})`);
        return u;
      });
      if (o.json) printJson(u);
      else print(`Added ${u.role} "${u.name}".`);
    });

  user
    .command('list')
    .summary('list users and roles')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const users = await withStore(db(), (engine) => listUsers(engine));
      if (o.json) printJson(users);
      else if (!users.length) print('No users yet. Add one: clientele user add NAME --role admin');
      else print(table(['name', 'role', 'created (UTC)'], users.map((u) => [u.name, u.role, u.createdAt.slice(0, 19).replace('T', ' ')])));
    });

  user
    .command('remove')
    .summary('remove a user and their tokens')
    .argument('<name>')
    .action(async (name: string) => {
      await withStore(db(), async (engine) => {
        await removeUser(engine, name);
        await audit(engine, CLI_ACTOR, 'user.remove', name);
      });
      print(`Removed "${name}".`);
    });

  user
    .command('password')
    .summary("set a user's password (asked for, or read from standard input); every session of theirs ends")
    .argument('<name>')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, o: { passwordStdin?: boolean }) => {
      let password: string;
      if (o.passwordStdin) password = await readStdin();
      else {
        password = await prompt(`New password for ${name}: `);
        if ((await prompt('Again: ')) !== password) throw new UsageError('the passwords differ');
      }
      const ended = await withStore(db(), async (engine) => {
        const before = await engine.query<{ n: number }>('SELECT count(*) AS n FROM api_tokens t JOIN users u ON u.user_id = t.user_id WHERE u.name = $1', [name]);
        await setPassword(engine, name, password);
        await audit(engine, CLI_ACTOR, 'user.password', name);
        return Number(before[0]?.n ?? 0);
      });
      print(`Set the password of "${name}"; ${ended} session${ended === 1 ? '' : 's'} ended.`);
    });

  user
    .command('token')
    .summary('print a new API token for a user, once (only its hash is stored)')
    .argument('<name>')
    .option('--days <n>', 'days until it expires', '90')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { days: string; json?: boolean }) => {
      const days = numberOption('--days', o.days, 1, 366);
      const t = await withStore(db(), async (engine) => {
        const u = await findUser(engine, name);
        if (!u) throw new NotFoundError(`there is no user "${name}"`, 'see them with: clientele user list');
        const t = await issueToken(engine, u, 'api', Math.round(days * 86400));
        await audit(engine, CLI_ACTOR, 'user.token', name);
        return t;
      });
      if (o.json) printJson(t);
      else print(`${t.token}\n(expires ${t.expiresAt}; shown once: store it now)`);
    });
}
