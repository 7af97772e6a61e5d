import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../test-support/shared-data.js';

const read = (f: string) => readFileSync(join(projectRoot, f), 'utf8');

/** Heading levels in order (the text differs by language, the structure may not). */
const headings = (md: string) => [...md.matchAll(/^(#{1,6}) /gm)].map((m) => m[1].length);

/** Every command in the code blocks, without its comment: the same in both languages. */
function commands(md: string): string[] {
  const out: string[] = [];
  for (const block of md.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    for (const line of block[1].split('\n')) {
      const cmd = line.replace(/\s+#.*$/, '').trim();
      if (cmd && !cmd.startsWith('#')) out.push(cmd);
    }
  }
  return out;
}

/** Relative links and images (docs, screenshots, source files). */
const links = (md: string) => [...new Set([...md.matchAll(/\]\(((?!https?:)[^)#]+)\)/g)].map((m) => m[1]))].filter((l) => !l.startsWith('README')).sort();

describe('README.zh-CN.md', () => {
  const en = read('README.md');
  const zh = read('README.zh-CN.md');

  it('has the same sections and the same commands as README.md', () => {
    expect(headings(zh)).toEqual(headings(en));
    expect(commands(en).length).toBeGreaterThan(30);
    expect(commands(zh)).toEqual(commands(en));
  });

  it('links the same documents and screenshots, and each README links the other', () => {
    expect(links(zh)).toEqual(links(en));
    expect(en).toContain('](README.zh-CN.md)');
    expect(zh).toContain('](README.md)');
  });

  it('is written in Chinese: every paragraph outside code holds Chinese', () => {
    const prose = zh.replace(/^```[\s\S]*?^```/gm, '').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('|') && !p.startsWith('![') && !p.startsWith('# '));
    const english = prose.filter((p) => !/[\u4e00-\u9fff]/.test(p) && /[A-Za-z]{4,}/.test(p.replace(/`[^`]*`|\[[^\]]*\]\([^)]*\)/g, '')));
    expect(english).toEqual([]);
  });
});
