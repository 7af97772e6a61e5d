/**
 * A small company whose files come from Chinese Excel: GB18030 bytes, Chinese column names, Chinese names,
 * cities, products and categories; generated here (seeded), imported through the normal importer.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { importFiles } from '../data/import.js';
import type { Engine } from '../engine/engine.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟'];
const CITIES: ReadonlyArray<[string, string]> = [['北京', '北京'], ['上海', '上海'], ['广东', '广州'], ['广东', '深圳'], ['浙江', '杭州'], ['四川', '成都']];
const PRODUCTS: ReadonlyArray<[string, string, string, number, number]> = [
  ['SP01', '龙井茶礼盒', '茶叶', 288, 160],
  ['SP02', '普洱茶饼', '茶叶', 168, 90],
  ['SP03', '青花瓷茶具', '瓷器', 520, 310],
  ['SP04', '丝绸围巾', '丝绸', 199, 120],
  ['SP05', '月饼礼盒', '食品', 98, 70],
  ['SP06', '红木筷子', '家居', 66, 30],
];

/** Writes GB18030 CSVs of `n` customers with their orders and products, and imports them. Returns the files. */
export async function importGb18030Company(engine: Engine, dir: string, n = 300, seed = 5): Promise<string[]> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const customers = ['客户编号,姓名,性别,省份,城市,注册日期'];
  const orders = ['订单号,客户编号,日期,商品编号,数量,单价'];
  let order = 1;
  for (let i = 1; i <= n; i++) {
    const id = `K${String(i).padStart(4, '0')}`;
    const [prov, city] = pick(CITIES);
    customers.push(`${id},${pick(SURNAMES)}${pick(GIVEN)},${rnd() < 0.5 ? '男' : '女'},${prov},${city},2023/${1 + Math.floor(rnd() * 12)}/${1 + Math.floor(rnd() * 28)}`);
    const k = 1 + Math.floor(rnd() * rnd() * 12);
    for (let j = 0; j < k; j++) {
      const p = pick(PRODUCTS);
      const month = 1 + Math.floor(rnd() * 12);
      orders.push(`D${order++},${id},2024/${month}/${1 + Math.floor(rnd() * 28)},${p[0]},${1 + Math.floor(rnd() * 3)},${p[3]}`);
    }
  }
  const products = ['商品编号,商品名称,类别,单位成本', ...PRODUCTS.map((p) => `${p[0]},${p[1]},${p[2]},${p[4]}`)];
  const files: Record<'customers' | 'products' | 'orders', string> = { customers: join(dir, '客户.csv'), products: join(dir, '商品.csv'), orders: join(dir, '订单.csv') };
  writeFileSync(files.customers, iconv.encode(customers.join('\r\n') + '\r\n', 'gb18030'));
  writeFileSync(files.products, iconv.encode(products.join('\r\n') + '\r\n', 'gb18030'));
  writeFileSync(files.orders, iconv.encode(orders.join('\r\n') + '\r\n', 'gb18030'));
  for (const entity of ['customers', 'products', 'orders'] as const) {
    const r = await importFiles(engine, { entity, files: [files[entity]] });
    if (r.files[0].encoding !== 'gb18030') throw new Error(`${files[entity]} was read as ${r.files[0].encoding}, not GB18030`);
  }
  return Object.values(files);
}
