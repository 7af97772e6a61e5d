import { describe, expect, it } from 'vitest';
import { parseClusterStoreAddress } from './cluster-store.js';

describe('a ClickHouse store address', () => {
  const base = 'clickhouse://default@127.0.0.1:18123/retail?cluster=clientele&shards=127.0.0.1:18124,127.0.0.1:18125';

  it('names its companion by store=, relative to the working directory', () => {
    const a = parseClusterStoreAddress(`${base}&store=retail.duckdb`, {}, '/home/me');
    expect(a.companion).toBe('/home/me/retail.duckdb');
    expect(a.target.database).toBe('retail');
    expect(a.target.shards).toHaveLength(3);
    expect(parseClusterStoreAddress(`${base}&store=%2Fdata%2Fr.duckdb`, {}, '/home/me').companion).toBe('/data/r.duckdb');
  });

  it('derives one companion per cluster database without store=', () => {
    expect(parseClusterStoreAddress(base, {}, '/home/me').companion).toBe('/home/me/clientele-127.0.0.1-18123-retail.duckdb');
    expect(parseClusterStoreAddress(base.replace('/retail?', '/other?'), {}, '/home/me').companion).toBe('/home/me/clientele-127.0.0.1-18123-other.duckdb');
  });
});

describe('a ClickHouse address printed in a hint', () => {
  it('leaves the password out, and nothing else', async () => {
    const { withoutPassword } = await import('./url.js');
    expect(withoutPassword('clickhouse://ana:s3cr%40t@db.example:8123/shop?cluster=c&store=a.duckdb')).toBe('clickhouse://ana@db.example:8123/shop?cluster=c&store=a.duckdb');
    expect(withoutPassword('clickhouses://ana:x@h/db')).toBe('clickhouses://ana@h/db');
    expect(withoutPassword('clickhouse://ana@h:8123/db')).toBe('clickhouse://ana@h:8123/db');
    expect(withoutPassword('clickhouse://h:8123/db')).toBe('clickhouse://h:8123/db');
  });
});
