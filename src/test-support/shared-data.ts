import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root: two levels above this file (src/test-support/). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A file of ../shared/data, read in place (never copied into the project). */
export function sharedData(...parts: string[]): string {
  const path = resolve(projectRoot, '..', 'shared', 'data', ...parts);
  if (!existsSync(path)) throw new Error(`sharedData: ${path} is missing; the tests expect ../shared beside the project`);
  return path;
}
