import type { Command } from 'commander';

export function registerDemo(program: Command, _db: () => string): void {
  program.command('demo').summary('build the demo company and run the main job on it (coming with the generator)').action(() => undefined);
}
