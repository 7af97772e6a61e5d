import { importText } from '../../data/import-text.js';
import { quarantineReasonZh, strftimeToFormat } from './core-zh-errors.js';
import { valueWord } from '../../segment/field-labels.js';

/**
 * Wording that the core modules (value, target, act …) still produce as English prose, in 简体中文, for the CLI's
 * zh-CN output: exact texts, then patterns for texts with numbers. A bridge until the core returns codes and
 * parameters; the zh-CN scan test (src/cli/zh-scan.test.ts) fails on any text that is missing here.
 */
export const CORE_ZH_EXACT: Readonly<Record<string, string>> = {
  // a ClickHouse address given as --db (src/engine/store.ts)
  'a ClickHouse address is not a store yet: --db names the DuckDB store, and the cluster beside it is named by clientele cluster --to':
    'ClickHouse 地址还不能作为数据库：--db 指定 DuckDB 数据库，旁边的集群用 clientele cluster --to 指定',
  'keep --db on the DuckDB file, then run clientele cluster push --to clickhouse://… (docs/clickhouse.md)': '--db 仍指向 DuckDB 文件，然后运行 clientele cluster push --to clickhouse://…（见 docs/clickhouse.md）',
  'check the address and that the server is running (scripts/clickhouse-cluster.sh start)': '请检查地址，并确认服务器正在运行（`scripts/clickhouse-cluster.sh start`）',
  'create it (CREATE DATABASE …) on every shard, or name another one': '请在每个分片上创建它（`CREATE DATABASE …`），或指定另一个数据库',
  // a ClickHouse store (src/engine/clickhouse/cluster-store.ts, src/value/portfolio.ts)
  'a ClickHouse store needs a cluster: add ?cluster=NAME to the address': 'ClickHouse 数据库需要一个集群：请在地址中加上 `?cluster=NAME`',
  'write clickhouse://user@host:8123/database?cluster=NAME&shards=host:port,… (docs/clickhouse.md)': '请写成 `clickhouse://user@host:8123/database?cluster=NAME&shards=host:port,…`（见 docs/clickhouse.md）',
  'check the cluster (scripts/clickhouse-cluster.sh status, or your servers), then import the file again': '请检查集群（`scripts/clickhouse-cluster.sh status`，或您的服务器），然后重新导入该文件',
  'check the cluster (scripts/clickhouse-cluster.sh status, or your servers), then run clientele subscriptions bill again':
    '请检查集群（`scripts/clickhouse-cluster.sh status`，或您的服务器），然后再次运行 clientele subscriptions bill',
  'use another database in the address (…:8123/NEW_DATABASE?…): a DuckDB store given with &store=FILE moves its lines there itself':
    '请在地址中换一个数据库（`…:8123/NEW_DATABASE?…`）：用 `&store=FILE` 指定的 DuckDB 数据库会自己把订单明细移过去',
  'give the store they belong to with &store=FILE, or use another database in the address (…:8123/NEW_DATABASE?…)': '请用 `&store=FILE` 指定这些明细所属的数据库，或在地址中换一个数据库（`…:8123/NEW_DATABASE?…`）',
  'leave out --as-of, or run it on a DuckDB store': '请去掉 --as-of，或在 DuckDB 数据库上运行',
  'run it on a DuckDB store (--db FILE.duckdb); docs/clickhouse.md lists what runs on a ClickHouse store': '请在 DuckDB 数据库上运行（--db FILE.duckdb）；docs/clickhouse.md 列出了能在 ClickHouse 数据库上运行的内容',
  'give the customers a churn column (churned, churn, active or an end date), or run it on a DuckDB store': '请给客户加一列流失标记（churned、churn、active 或结束日期），或在 DuckDB 数据库上运行',
  // clv: progress steps (src/clv/store.ts)
  'building (x, t_x, T) in the store': '正在数据库中计算每位客户的 (x, t_x, T)',
  'fitting gamma-gamma': '正在拟合 Gamma-Gamma 消费模型',
  predicting: '正在预测',
  'saving predictions': '正在保存预测结果',
  'comparing with the holdout': '正在与留出期比较',
  'tracking cumulative purchases': '正在计算累计购买次数',
  // value: no order lines yet (src/value/portfolio.ts)
  'the store has no order lines, so there is no as-of date': '数据库中没有订单明细，因此没有截止日期',
  'import orders first (clientele import orders FILE), or subscriptions (clientele subscriptions from-customers, for a customers file with tenure and charges), or pass --as-of DATE':
    '请先导入订单（clientele import orders FILE），或订阅（clientele subscriptions from-customers，用于带在网时长和费用的客户文件），或指定 --as-of 日期',
  // clv: sBG cohorts (src/clv/store.ts)
  'fewer than 10 subscriptions': '订阅少于 10 份',
  // clv: sBG needs subscriptions (src/clv/store.ts, src/subscriptions)
  'the store has no subscriptions: sBG needs contracts with a start and an end (or still active)': '数据库中没有订阅：sBG 模型需要有开始日期和结束日期（或仍然有效）的合同',
  'the store has no subscriptions': '数据库中没有订阅',
  'import subscriptions FILE, or clientele subscriptions from-customers': '用 `clientele import subscriptions FILE` 导入，或运行 `clientele subscriptions from-customers`',
  // value: axes, formulas, notes
  loyalty: '忠诚度',
  'current value (annualised profit)': '当前价值（年化利润）',
  'long-term value': '长期价值',
  'satisfaction (mean 1–5; from NPS as 1 + 0.4 × nps when only NPS is known)': '满意度（1–5 的平均值；只有 NPS 时按 1 + 0.4 × NPS 换算）',
  'fixed value': '固定值',
  'loyalty = mean of the percentile ranks (among buyers) of purchase days, tenure and recency (recent = high)': '忠诚度 = 购买天数、合作时长和最近度（越近越高）在购买客户中的百分位排名的平均值',
  'current value = profit × 365 / max(tenure days, 365) (annualised profit)': '当前价值 = 利润 × 365 / max(合作天数, 365)（年化利润）',
  'long-term value = clv_predictions.clv': '长期价值 = CLV 模型预测的客户终身价值',
  'customers without a survey answer are in no cell': '没有问卷回答的客户不归入任何格子',
  'long-term value is a proxy until CLV predictions exist': '在有 CLV 预测之前，长期价值为近似估计',
  'no cost of goods, service costs or margin rate: profit cannot be computed; profit figures show net revenue (pass --margin-rate R or import products with unit_cost)':
    '没有商品成本、服务成本或毛利率：无法计算利润；利润数字显示的是净收入（请加 --margin-rate R，或导入带 unit_cost 的产品）',
  'no service costs: cost to serve is zero (import service-costs or pass --cost-per-order C)': '没有服务成本记录：服务成本按零计（请导入 service-costs，或加 --cost-per-order C）',
  'surveys: import them with `clientele import surveys FILE` (customer_id, satisfaction 1–5 and/or nps 0–10, date)': '问卷数据：用 `clientele import surveys FILE` 导入（客户编号、1–5 分满意度和/或 0–10 分 NPS、日期）',
  // value: what an unscored criterion needs
  'order lines': '订单明细',
  'product costs (unit_cost or margin_rate) or --margin-rate': '产品成本（unit_cost 或 margin_rate）或 --margin-rate',
  'order lines with a discount column': '带折扣列的订单明细',
  'payments (due_date, paid_at)': '付款记录（应付日期、实付日期）',
  'service costs, or --cost-per-order': '服务成本记录，或 --cost-per-order',
  'customers.referred_by': '客户的推荐人字段（referred_by）',
  'company customers with credit_rating': '带信用评级（credit_rating）的企业客户',
  'company customers with industry, and b2b.favouredIndustries in the config': '带行业字段的企业客户，以及配置中的 b2b.favouredIndustries',
  'company customers with annual_revenue': '带年收入（annual_revenue）的企业客户',
  'a firmographic field that measures it (not in the customer schema yet)': '能衡量这一点的企业属性字段（客户数据结构中尚无）',
  'B2B: governance': '企业客户：治理结构',
  'B2B: clear strategy and sound operation': '企业客户：战略清晰、经营稳健',
  'B2B: competitive advantage': '企业客户：竞争优势',
  'B2B: stable growing market with good channels': '企业客户：市场稳定增长且渠道良好',
};

const CLUSTER_WORDS: Readonly<Record<string, string>> = {"recent": "近期活跃", "lapsed": "久未购买", "high-frequency": "高频", "low-frequency": "低频", "big-spending": "高消费", "small-spending": "低消费", "older": "年长", "young": "年轻", "high-profit": "高利润", "low-profit": "低利润", "high-revenue": "高收入", "low-revenue": "低收入", "many orders": "订单多", "few orders": "订单少", "long silent": "长期沉默", "recently active": "最近活跃", "high-income": "高收入人群", "low-income": "低收入人群", "costly to serve": "服务成本高", "cheap to serve": "服务成本低", "satisfied": "满意", "dissatisfied": "不满意", "long-standing": "老客户", "new": "新客户", "discount-driven": "依赖折扣", "few discounts": "少用折扣", "high long-term value": "长期价值高", "low long-term value": "长期价值低", "high CLV": "CLV 高", "low CLV": "CLV 低", "high-margin": "高利润率", "low-margin": "低利润率", "high gross margin": "毛利高", "low gross margin": "毛利低", "full-price": "按原价购买", "likely active": "可能仍活跃", "likely lapsed": "可能已流失", "loyal": "忠诚", "disloyal": "不忠诚", "good customers": "好客户", "weak customers": "弱客户", "frequent": "购买频繁", "infrequent": "购买稀少", "promoters": "推荐者", "detractors": "贬损者", "referring": "常推荐他人", "non-referring": "不推荐他人", "late payers": "常逾期付款", "prompt payers": "按时付款", "large firms": "大企业", "small firms": "小企业", "average on every feature": "各项特征都接近平均"};

/** Why the import read a file in an encoding (src/data/scan.ts), in Chinese; the English when unknown. */
/** The parts of a converted file's note (data/inputs.ts joins them with "; "): a sheet, its date serials, sheets left out. */
const INPUT_NOTE_PARTS: ReadonlyArray<readonly [RegExp, (...m: string[]) => string]> = [
  [/^sheet "(.+)" of an Excel workbook: (\d+) rows?(?:, its header on row (\d+) \(the rows above it a title\))?$/, (_s, sheet, rows, row) => importText('sheet', { sheet, rows, headerRow: row ?? 1 }, 'zh-CN').replace(/；隔离区的行号即工作表的行号$/, '')],
  [/^quarantine lines are the sheet's row numbers$/, () => '隔离区的行号即工作表的行号'],
  [/^plain numbers in (.+) read as Excel date serials \(1900 date system\)$/, (_s, columns) => importText('sheet_serials', { columns }, 'zh-CN').replace(/^；/, '')],
  [/^sheet "(.+)" was not imported: it has no column for (.+) \(import it alone with --sheet to see its columns\)$/, (_s, sheet, missing) => importText('sheet_left_out', { sheet, missing }, 'zh-CN')],
  [/^a JSON array of (\d+) objects, read as JSON lines: .*$/, (_s, records) => importText('json_array', { records }, 'zh-CN')],
];

/** A date range of overlap.ts (`2010-12-01 – 2011-12-09`, or `no dates`). */
const rangeZh = (r: string) => (r === 'no dates' ? '无日期' : r);

/**
 * A note made of such parts, in Chinese; unchanged when no reading of it is made of known parts. A sheet's name may
 * hold "; " itself ("Q1; 2024"), so the pieces between the separators are grouped: the first grouping in which every
 * group is a known part wins (a sheet name is tried longest first only after the plain reading fails).
 */
function inputNoteZh(s: string): string {
  const pieces = s.split('; ');
  const failed = new Set<number>();
  const from = (i: number): string[] | null => {
    if (i === pieces.length) return [];
    if (failed.has(i)) return null;
    for (let j = i + 1; j <= pieces.length; j++) {
      const part = pieces.slice(i, j).join('; ');
      const hit = INPUT_NOTE_PARTS.find(([re]) => re.test(part));
      if (!hit) continue;
      const rest = from(j);
      if (rest) return [hit[1](...(hit[0].exec(part) as unknown as string[])), ...rest];
    }
    failed.add(i);
    return null;
  };
  const out = from(0);
  return out ? out.join('；') : s;
}

function encodingEvidenceZh(s: string): string {
  let m: RegExpExecArray | null;
  if (s === 'byte-order mark') return '文件开头有字节顺序标记（BOM）';
  if (s === 'the whole file is valid UTF-8') return '整个文件都是有效的 UTF-8';
  if (s === 'double-byte characters in the GB2312/GBK ranges') return '双字节字符都落在 GB2312/GBK 的编码范围内';
  if ((m = /^(\d+) lines with non-ASCII text are UTF-8, (\d+) are not$/.exec(s))) return `含非英文字符的行中，${m[1]} 行是 UTF-8，${m[2]} 行不是`;
  if ((m = /^every line decodes as Big5, and (\d+)% of double-byte characters end in 0x40–0x7E$/.exec(s))) return `每一行都能按 \`Big5\` 解码，且 ${m[1]}% 的双字节字符以 0x40–0x7E 结尾`;
  if ((m = /^(\d+)% of non-ASCII bytes stand alone, as in Western European text$/.exec(s))) return `${m[1]}% 的非英文字节单独出现，与西欧文字相同`;
  if ((m = /^(\d+)% of double-byte characters end in 0x40–0x7E, as in Big5$/.exec(s))) return `${m[1]}% 的双字节字符以 0x40–0x7E 结尾，与 \`Big5\` 相同`;
  if ((m = /^(Japanese|Korean) text: (\d+)% of the characters read as (\S+) are everyday ones, (\d+)% as Chinese \(GB18030 or Big5\)$/.exec(s))) return `${m[1] === 'Japanese' ? '日文' : '韩文'}文本：按 \`${m[3]}\` 读取时 ${m[2]}% 的字符是常用字，按中文（GB18030 或 \`Big5\`）读取时只有 ${m[4]}%`;
  return s;
}

const TYPE_ZH: Readonly<Record<string, string>> = { 'a number': '数字', 'a whole number': '整数', 'a date': '日期', 'yes/no': '是/否', text: '文本' };

/**
 * Texts with numbers or names in them: a pattern and its Chinese. `{{field:x}}` is replaced by the data field's
 * label (datafield.x in the catalogue).
 */
export const CORE_ZH_PATTERNS: ReadonlyArray<readonly [RegExp, (...m: string[]) => string]> = [
  // ClickHouse: opening a cluster (src/engine/clickhouse/clickhouse-engine.ts)
  [/^cannot reach ClickHouse at (\S+): (.*)$/, (_s, at, why) => `无法连接 ClickHouse ${at}：${why}`],
  [/^the ClickHouse database (\S+) does not exist on (\S+)$/, (_s, name, at) => `ClickHouse 数据库 ${name} 在 ${at} 上不存在`],
  // a ClickHouse store (src/engine/clickhouse/cluster-store.ts, src/value/portfolio.ts)
  [
    /^the order lines could not be loaded into the ClickHouse cluster \((.*)\); the import was undone: neither the store nor the cluster holds it$/,
    (_s, why) => `订单明细未能载入 ClickHouse 集群（${why}）；本次导入已撤销：数据库和集群中都没有它`,
  ],
  [
    /^the billing lines could not be loaded into the ClickHouse cluster \((.*)\); they are kept in the store and go to the cluster the next time it is opened$/,
    (_s, why) => `账单明细未能载入 ClickHouse 集群（${why}）；它们保留在数据库中，下次打开数据库时会载入集群`,
  ],
  [
    /^the ClickHouse database (\S+) holds order lines copied by clientele cluster push \(imports ([^)]*)\), not a ClickHouse store's$/,
    (_s, db, ids) => `ClickHouse 数据库 ${db} 保存的是 clientele cluster push 复制的订单明细（导入 ${ids}），不是 ClickHouse 数据库自己的`,
  ],
  [
    /^the ClickHouse database (\S+) holds order-line imports that the store (.+) does not have \(([^)]*)\): another store's lines$/,
    (_s, db, store, ids) => `ClickHouse 数据库 ${db} 中有数据库 ${store} 没有的订单明细导入（${ids}）：属于另一个数据库`,
  ],
  [/^(.+) holds the rest of a ClickHouse store whose order lines are on (\S+): on its own it has none$/, (_s, file, at) => `${file} 是一个 ClickHouse 数据库的其余部分，其订单明细在 ${at} 上：单独打开时没有任何明细`],
  [/^open it as --db '(.*)' \(docs\/clickhouse\.md\)$/, (_s, a) => `请用 \`--db '${a}'\` 打开它（见 docs/clickhouse.md）`],
  [/^(.+) does not run on a ClickHouse store yet: it reads order lines one by one, and there they are on the cluster$/, (_s, what) => `${what} 还不能在 ClickHouse 数据库上运行：它要逐条读取订单明细，而这些明细在集群上`],
  [/^on a ClickHouse store a value run reads the customer figures computed on the cluster, not every line$/, () => '在 ClickHouse 数据库上，价值计算读取的是在集群上算好的客户指标，而不是逐条读取明细'],
  [/^leave out --from-lines, or run it on a DuckDB store$/, () => '请去掉 --from-lines，或在 DuckDB 数据库上运行'],
  // import: quarantine reasons (src/sql/import.ts) and notes (src/data/import.ts)
  [/^fitting ([\w-]+) on the calibration period$/, (_s, m) => `正在用校准期数据拟合 ${m}`],
  [/^fitting ([\w-]+)$/, (_s, m) => `正在拟合 ${m}`],
  // import: the encoding a file was read in, and why (src/data/scan.ts, src/data/import.ts)
  [/^encoding ([\w-]+): (.+)$/, (_s, enc, why) => `编码 ${enc}：${encodingEvidenceZh(why)}`],
  // target: reasons (src/target/target.ts)
  [/^([\d,]+) customers \(([\d.]+%|—) of buyers\), profit (-?[\d,.]+) \((-?[\d,.]+) each\), mean long-term value (-?[\d,.]+|—)$/, (_s, n, share, profit, each, ltv) => `${n} 位客户（占购买客户的 ${share}），利润 ${profit}（人均 ${each}），平均长期价值 ${ltv}`],
  [/^revenue (up|down) ([\d.]+%) on the period before$/, (_s, dir, p) => `收入比上一期${dir === 'up' ? '增长' : '下降'} ${p}`],
  [/^mean P\(alive\) ([\d.]+)$/, (_s, p) => `平均存活概率 ${p}`],
  [/^discounts ([\d.]+%|—) of gross revenue, cost to serve ([\d.]+%|—) of net revenue \(company: (\w+) price, (\w+) service capacity\)$/, (_s, d, c, price, cap) => `折扣占总收入的 ${d}，服务成本占净收入的 ${c}（公司：${({ premium: '高端', mid: '中端', budget: '经济' } as Record<string, string>)[price] ?? price}价格定位，${({ high: '高', medium: '中等', low: '低' } as Record<string, string>)[cap] ?? cap}服务能力）`],
  [/^([\d.]+%) buy mainly in the company's strong or strategic categories$/, (_s, p) => `${p} 的客户主要购买公司的优势或战略品类`],
  [/^loses money as a group: fix cost to serve and prices before spending to grow it \(80\/20\/30\)$/, () => '整体亏损：先调整服务成本和价格，再投入发展（80/20/30）'],
  [/^price-sensitive: win on price and efficient service$/, () => '价格敏感：以价格和高效服务取胜'],
  [/^small and profitable: serve it with a focused offer$/, () => '规模小且盈利：用聚焦的产品和服务来服务'],
  [/^large and valuable: win on a distinctive offer and service, not on price$/, () => '规模大且有价值：以独特的产品和服务取胜，而不是靠价格'],
  // segment: cluster descriptions (src/segment/cluster.ts) and portraits (src/segment/portrait.ts)
  [/^((?:[\w -]+)(?:, [\w -]+)*)$/, (s) => (s.split(', ').every((w) => w in CLUSTER_WORDS || /^(high|low) /.test(w)) ? s.split(', ').map((w) => CLUSTER_WORDS[w] ?? w.replace(/^high (.*)$/, '$1高').replace(/^low (.*)$/, '$1低')).join('、') : s)],
  [/^([\d,]+) customers \(([\d.]+%) of buyers\) bring ([\d.]+%) of revenue, (-?[\d.]+%) of profit and (-?[\d.]+%) of (predicted lifetime value \(CLV\)|long-term value \(a proxy: run clientele clv for CLV\))$/, (_s, n, share, rev, profit, ltv, what) => `${n} 位客户（占购买客户的 ${share}）带来 ${rev} 的收入、${profit} 的利润和 ${ltv} 的${what.startsWith('predicted') ? '预测终身价值（CLV）' : '长期价值（近似估计：运行 `clientele clv` 可得 CLV）'}`],
  [/^(\w+) = (.*): ([\d.]+%) of the segment against ([\d.]+%) of all buyers \(×([\d.]+)\)$/, (_s, f, v, a, b, x) => `{{rule:${f}}} = ${valueWord('zh-CN', f, v) !== v ? valueWord('zh-CN', f, v) : `{{term:${v}}}`}：细分中占 ${a}，全部购买客户中占 ${b}（×${x}）`],
  [/^(\w+): mean (-?[\d.]+) against (-?[\d.]+) for all buyers \(×(-?[\d.]+)\)$/, (_s, f, a, b, x) => `{{rule:${f}}}：平均 ${a}，全部购买客户为 ${b}（×${x}）`],
  // churn and win-back (src/act/churn.ts, winback.ts, retention.ts)
  [
    /^P\(alive\) = 1 − the churn probability learned from past outcomes \(churn --learn: logistic regression on (\S+) \((\d+) features, held-out AUC ([\d.]+)\)\); value at risk = value × that probability(?:; the ([\w-]+) P\(alive\) is not used)?$/,
    (_s, col, n, auc, m) => `存活概率 = 1 − 从实际结果学得的流失概率（churn --learn：基于 ${col} 的逻辑回归，${n} 个特征，留出样本 AUC ${auc}）；风险价值 = 价值 × 该概率${m ? `；未使用 ${m} 模型的存活概率` : ''}`,
  ],
  [
    /^P\(alive\) = 1 − the churn probability learned from past outcomes \(churn --learn: logistic regression on silence \(no purchase within (\d+) days after ([\d-]+), for repeat buyers whose usual gap fits twice in it; (\d+) features, held-out AUC ([\d.]+)\)\); value at risk = value × that probability(?:; the ([\w-]+) P\(alive\) is not used)?$/,
    (_s, w, d, n, auc, m) => `存活概率 = 1 − 从实际结果学得的流失概率（churn --learn：基于沉默的逻辑回归，即 ${d} 之后 ${w} 天内未再购买，仅限平常购买间隔的两倍在此期间之内的回头客；${n} 个特征，留出样本 AUC ${auc}）；风险价值 = 价值 × 该概率${m ? `；未使用 ${m} 模型的存活概率` : ''}`,
  ],
  [/^P\(alive\) from the sbg predictions as of ([\d-]+): the chance a subscription still runs a year ahead \(clientele clv fit --model sbg\)$/, (_s, d) => `存活概率来自 sBG 模型截至 ${d} 的预测：订阅一年后仍有效的概率（clientele clv fit --model sbg）`],
  [/^P\(alive\) from the ([\w-]+) predictions as of ([\d-]+) \(clientele clv predict\)$/, (_s, m, d) => `存活概率来自 ${m} 模型截至 ${d} 的预测（clientele clv predict）`],
  [/^P\(alive\) is the value run's proxy .*$/, () => '存活概率为价值计算中的近似估计 exp(−距上次购买天数 / 平均间隔)，它本身取决于最近度：由间隔规则判断；运行 `clientele clv fit` 和 `clientele clv predict` 可得模型的存活概率'],
  [/^clv predictions exist as of (.*), not ([\d-]+): not used$/, (_s, a, b) => `已有截至 ${a} 的 CLV 预测，而不是 ${b}：未使用`],
  [/^nobody bought on two days: one-day buyers are compared with (\d+) days \(longTerm\.oneTimeGapDays\)$/, (_s, n) => `没有人在两天以上购买过：只购买过一天的客户按 ${n} 天比较（longTerm.oneTimeGapDays）`],
  [/^no costs are known: values are revenue, not profit, and nobody is let go for a loss$/, () => '成本未知：数值为收入而非利润，也不会因为亏损而放手任何客户'],
  [/^retention economics: no purchases$/, () => '保留经济学：没有购买记录'],
  [/^retention economics: (\d+) days of history, too short to measure retention \(needs 56\)$/, (_s, n) => `保留经济学：只有 ${n} 天的历史，太短，无法测量保留率（需要 56 天）`],
  [/^retention measured over two (\d+)-day windows \(less than two years of history\) and annualised: r = r_w\^\(365\/\d+\)$/, (_s, n) => `保留率在两个 ${n} 天的窗口上测量（历史不足两年）并年化：r = r_w^(365/${n})`],
  [/^churn −(\d+) points$/, (_s, n) => `流失率降低 ${n} 个百分点`],
  [/^churn −(\d+)% of itself$/, (_s, n) => `流失率降低自身的 ${n}%`],
  [/^future profit of the base F\(r\) = .*$/, () => '客户群的未来利润 F(r) = N · m · r / (1 + d − r)；降低流失的效果 = F(r′) / F(r) − 1'],
  [/^one purchase day, (\d+) days ago: ([\d.]+)× the (\d+) days repeat buyers usually take$/, (_s, d, x, g) => `只购买过一天，${d} 天前：是重复购买客户通常间隔 ${g} 天的 ${x} 倍`],
  [/^last bought (\d+) days ago(?: \(([\d-]+)\))?: ([\d.]+)× their usual (\d+) days between purchases$/, (_s, d, date, x, g) => `${d} 天前最后一次购买${date ? `（${date}）` : ''}：是其平常购买间隔 ${g} 天的 ${x} 倍`],
  [/^P\(alive\) ([\d.]+) \(([\w-]+)\)$/, (_s, p, m) => `存活概率 ${p}（${m}）`],
  [/^lost money overall \(profit (-?[\d,]+)\): a win-back would cost more than they bring$/, (_s, p) => `总体亏损（利润 ${p}）：挽回的花费会超过他们带来的收益`],
  [/^(.*): fix the service first; a coupon would not win them back$/, (_s, why) => `${why.replace(/satisfaction ([\d.]+) of 5/, '满意度 $1（满分 5）').replace(/(\d+) complaints/, '$1 次投诉').replace(' and ', '，')}：先解决服务问题；优惠券挽回不了他们`],
  [/^(.*), (profit|revenue) (-?[\d,]+) so far \((-?[\d,]+) a year\): worth a personal approach$/, (_s, what, basis, total, year) => `${what.split(', ').map((w) => w.replace(/^value tier (\w+)$/, '价值第 $1 象限').replace(/^a (\w+)$/, (_m, ty: string) => `{{term:${ty}}}客户`).replace(/^([A-Z].*)$/, '{{term:$1}}')).join('、')}，迄今${basis === 'profit' ? '利润' : '收入'} ${total}（每年 ${year}）：值得专人联系`],
  [/^([\d]+%) of their spend went on discounts: price brings them back$/, (_s, p) => `其消费的 ${p} 用在折扣上：价格能把他们拉回来`],
  [/^([\d]+%) of their spend is (.*): meet the need they came for$/, (_s, p, c) => `其消费的 ${p} 是${c}：满足他们当初的需求`],
  [/^no clear category or price pattern \((\d+) orders?\): a low-cost first step$/, (_s, n) => `没有明显的品类或价格偏好（${n} 个订单）：先走低成本的一步`],
  // leads: MAN checks (src/act/qualify.ts) and lookalike notes (src/act/lookalike.ts)
  [/^checked like everyone else$/, () => '与其他人同样检查'],
  [/^([^\s"]+) "(.*)" is not a decision role$/, (_s, f, v) => `{{field:${f}}}“${v}”不是决策角色`],
  [/^([^\s"]+) "(.*)" decides \((.*)\)$/, (_s, f, v, hit) => `{{field:${f}}}“${v}”有决策权（${hit}）`],
  [/^([^\s"]+) is "(.*)" \(a blocker: .*\)$/, (_s, f, v) => `{{field:${f}}}为“${v}”（一票否决）`],
  [/^([^\s"]+) is "(.*)"$/, (_s, f, v) => `{{field:${f}}}为“${v}”`],
  [/^([^\s"]+) "(.*)" is not a number$/, (_s, f, v) => `{{field:${f}}}“${v}”不是数字`],
  [/^([^\s"]+) (-?[\d.]+) is below (-?[\d.]+)$/, (_s, f, n, m) => `{{field:${f}}} ${n} 低于 ${m}`],
  [/^([^\s"]+) (-?[\d.]+) ≥ (-?[\d.]+)$/, (_s, f, n, m) => `{{field:${f}}} ${n} ≥ ${m}`],
  [/^([^\s"]+) "(.*)" is neither a pass nor a fail level \(add it to need\.pass or need\.fail\)$/, (_s, f, v) => `{{field:${f}}}“${v}”既不是通过也不是不通过的级别（请把它加入 need.pass 或 need.fail）`],
  // a check with no data at all, and what to import to enable it (missingData[].enableWith); money lists config columns
  [/^no ability-to-pay data: import a budget column(?: \(or (.*)\))?$/, (_s, list) => `没有支付能力数据：请导入预算列（\`budget\`${list ? `，或 ${list.split(', ').filter(Boolean).map((c) => `\`${c}\``).join('、')}` : ''}）`],
  [/^no decision-power data: import an authority column \(decision maker \/ influencer \/ none, 决策者 …\) or a job title$/, () => '没有决策权数据：请导入决策权列（`decision maker` / `influencer` / `none`，决策者 …）或职务列'],
  [/^no need data: import a need column \(high \/ medium \/ low, 高 \/ 中 \/ 低, or a 1–5 score\)$/, () => '没有需求数据：请导入需求列（`high` / `medium` / `low`，高 / 中 / 低，或 1–5 分）'],
  [/^no ([^"]+?) for this lead$/, (_s, fs) => `这条线索没有${fs.split(' or ').map((f) => `{{field:${f}}}`).join('或')}`],
  [/^the leads carry (.*) of the compared attributes; the others are left out$/, (_s, list) => `线索只有比较属性中的 ${list === 'none' ? '（无）' : list.split(', ').map((f) => `{{rule:${f}}}`).join('、')}；其他属性未使用`],
  [/^fewer than (\d+) customers are both tier IV and Champions: best customers are tier IV or Champions$/, (_s, n) => `同时属于第 IV 象限和冠军客户的不足 ${n} 位：最佳客户改为第 IV 象限或冠军客户`],
  [/^no open leads \(all have an outcome\): every lead is scored$/, () => '没有未成交的线索（都已有结果）：为所有线索打分'],
  [/^no attribute is known for both best and other customers with two or more values: every candidate scores the same$/, () => '没有一个属性在最佳客户和其他客户中都已知且有两个以上取值：每个候选人得分相同'],
  [/^no survey answer from this customer$/, () => '这位客户没有问卷回答'],
  [/^missing (\w+)$/, (_s, f) => `缺少{{field:${f}}}`],
  [/^(".*"|value) is not (a number|a whole number|a date|yes\/no|text)(?: \(expected (.*)\))?$/, (_s, v, ty, fmt) => `${v === 'value' ? '该值' : v} 不是${TYPE_ZH[ty] ?? ty}${fmt ? `（应为 ${strftimeToFormat(fmt)}，可用 --date-format 指定）` : ''}`],
  [/^(\w+) must be more than (-?[\d.]+)$/, (_s, f, n) => `{{field:${f}}}必须大于 ${n}`],
  [/^(\w+) must not be negative$/, (_s, f) => `{{field:${f}}}不能为负数`],
  [/^(\w+) must be at least (-?[\d.]+)$/, (_s, f, n) => `{{field:${f}}}至少为 ${n}`],
  [/^(\w+) must be at most (-?[\d.]+)$/, (_s, f, n) => `{{field:${f}}}最多为 ${n}`],
  // a line without a status that takes its order's status from another of its lines (Shopify; sql/import.ts)
  [/^(".*"|value) \(its order's status, on another of its lines; this line has none\) is an order (closed or never paid|refunded in full): not a sale$/, (_s, v, how) => `${v === 'value' ? '值' : v}（其订单在另一行上的状态；此行没有状态）是${how === 'refunded in full' ? '已全额退款' : '已关闭或未付款'}的订单：不计为销售`],
  [/^(".*"|value) \(its order's status, on another of its lines; this line has none\) is not an order status we know .*$/, (_s, v) => `${v === 'value' ? '值' : v}（其订单在另一行上的状态；此行没有状态）不是可识别的订单状态（已付款、已关闭或未付款、已退款）：请在文件中把该订单的状态改为“已完成”（已付款的订单）、“已取消”（未付款的订单）或“退款成功”（已全额退款的订单），再重新导入`],
  [/^(".*"|value) is an order closed or never paid: not a sale$/, (_s, v) => `${v === 'value' ? '值' : v} 是已关闭或未付款的订单：不计为销售`],
  [/^(".*"|value) is an order refunded in full: not a sale$/, (_s, v) => `${v === 'value' ? '值' : v} 是已全额退款的订单：不计为销售`],
  [/^(".*"|value) is not an order status we know \(paid, closed or unpaid, refunded\) nor a kind \(sale, return, cancel\): write completed .*$/, (_s, v) => `${v === 'value' ? '值' : v} 不是可识别的订单状态（已付款、已关闭或未付款、已退款），也不是有效的类型（sale 销售、return 退货、cancel 取消）：请在文件中把它改为“已完成”（已付款的订单）、“已取消”（未付款的订单）或“退款成功”（已全额退款的订单），再重新导入`],
  [/^(".*"|value) is an order refunded in part: its lines load as sales in full \(the refunded amount is not on them; import the refund as a return line to take it off\)$/, (_s, v) => `${v === 'value' ? '值' : v} 是部分退款的订单：其明细按全额作为销售加载（明细上没有退款金额；如要扣除，请把退款作为退货行导入）`],
  [/^column "(.*)" was read with decimal commas, as the (column|file) writes its decimals \(2,50\): (\d+) values like 1\.500 were read as thousands \(1500\)$/, (_s, c, w, n) => `列“${c}”按小数逗号读取（${w === 'column' ? '此列' : '此文件'}的小数写作 2,50）：${n} 个形如 1.500 的值按千位分隔读作 1500`],
  [/^warning: column "(.*)" writes decimals both with a point \((\d+) values\) and with a comma \((\d+) values\): read with decimal points, as most of them are written; (\d+) values like 1\.500 were read with a decimal point \(1\.5\); check them$/, (_s, c, a, b, n) => `警告：列“${c}”的小数既有用小数点写的（${a} 个值），也有用逗号写的（${b} 个值）：按多数值的写法以小数点读取，${n} 个形如 1.500 的值按小数点读作 1.5，请核对`],
  [/^warning: column "(.*)" writes decimals both with a comma \((\d+) values\) and with a point \((\d+) values\): read with decimal commas, as most of them are written; (\d+) values like 1\.500 were read as thousands \(1500\); check them$/, (_s, c, a, b, n) => `警告：列“${c}”的小数既有用逗号写的（${a} 个值），也有用小数点写的（${b} 个值）：按多数值的写法以小数逗号读取，${n} 个形如 1.500 的值按千位分隔读作 1500，请核对`],
  [/^warning: (\d+) values in column "(.*)" have a two-digit year read as after today \((\S+)\), up to (\S+) \(00–68 are read as 2000–2068\): check them$/, (_s, n, c, t, l) => `警告：列“${c}”中有 ${n} 个值的两位年份被读作今天（${t}）之后，最晚为 ${l}（00–68 读作 2000–2068），请核对`],
  [/^Excel serial day numbers \(1900 date system\)$/, () => 'Excel 日期序列号（1900 日期系统）'],
  [/^(".*"|value) is not a kind \(sale, return, cancel\)$/, (_s, v) => `${v === 'value' ? '该值' : v} 不是有效的类型（应为 \`sale\` 或“销售”、\`return\` 或“退货”、\`cancel\` 或“取消”）`],
  [/^quantity is zero$/, () => '数量为零'],
  [/^needs unit_price or amount$/, () => '需要单价或金额'],
  [/^a sale line with a negative quantity or amount$/, () => '销售行的数量或金额为负数'],
  [/^written_off is more than the amount$/, () => '核销金额大于付款金额'],
  [/^needs satisfaction or nps$/, () => '需要满意度或 NPS'],
  [/^duplicate (?:([\w, ]+) )?of (?:line (\d+)|an earlier line)$/, (_s, keys, line) => `与${line ? `第 ${line} 行` : '前面某一行'}重复${keys ? `（${keys.split(', ').map((k) => `{{field:${k}}}`).join('、')}）` : ''}`],
  [/^already in the store \(identical line imported before\)$/, () => '数据库中已有（之前导入过相同的行）'],
  [/^unreadable record: (.*)$/, (_s, r) => `无法读取的记录：${quarantineReasonZh(r)}`],
  // lines that repeat the header, totals rows (src/data/scan.ts)
  [/^a repeated header line \(the column names again\): not data$/, () => '重复的表头行（列名又出现一次）：不是数据'],
  [/^a repeated header line with the columns in another order: the lines after it were read by its order$/, () => '重复的表头行，但列的顺序不同：其后的行按它的列顺序读取'],
  [/^a totals row, not a record(?: \("(.*)" in column "(.*)"; the other values are empty or numbers\))?$/, (_s, v, c) => `合计行，不是记录${v === undefined ? '' : `（列“${c}”的值为“${v}”；其他值为空或数字）`}`],
  [/^line (\d+) holds (\d+) of the header's (\d+) column names but not the same columns: the file joins exports with other columns$/, (_s, l, k, n) => `第 ${l} 行含有表头 ${n} 个列名中的 ${k} 个，但列不相同：此文件由列不同的几份导出拼接而成`],
  [/^split the file before line (\d+) and import each part on its own \(with --append\)$/, (_s, l) => `请在第 ${l} 行之前把文件拆开，分别导入各部分（加 --append）`],
  [/^line (\d+) repeats the header with the columns in another order: the (\d+) records after it were read by that order$/, (_s, n, k) => `第 ${n} 行重复了表头，但列的顺序不同：其后的 ${k} 条记录按该顺序读取`],
  [/^this file was imported before as import #(\d+); nothing new was loaded$/, (_s, n) => `此文件之前已作为第 ${n} 次导入导入过；没有加载新数据`],
  [/^column "(.*)" did not look like dates, so it was not used as (\w+) \(kept as an attribute where possible\)$/, (_s, c, f) => `列“${c}”看起来不像日期，因此没有用作{{field:${f}}}（尽可能保留为属性）`],
  [/^dates in "(.*)" also read as (.*); (.*) was assumed \(pass --date-format to choose\)$/, (_s, c, alt, fmt) => `列“${c}”中的日期也可读作 ${alt}；已假定为 ${fmt}（可用 --date-format 指定）`],
  [/^columns not used: (.*)$/, (_s, cols) => `未使用的列：${cols}`],
  [/^(\d+) records span more than one line \(quoted line breaks\): (.*)$/, (_s, n, list) => `${n} 条记录跨越多行（引号内换行）：${list.replace(/line (\d+) \((\d+) lines\)/g, '第 $1 行（$2 行）')}`],
  [/^(\d+) lines are not in the file's encoding \((.+)\) and were quarantined$/, (_s, n, enc) => `${n} 行不是此文件的编码（${enc}），已隔离`],
  [/^warning: (\d+) lines \((\d+) orders, e\.g\. (.*)\) are equal to lines an earlier import stored on every column kept(?:, and differ only in columns not used \((.*)\))?: loaded, so they count twice if these files overlap; if so, remove this import \(clientele imports remove (\d+)\) and import a file without the orders imported before$/, (_s, n, o, e, cols, id) => `警告：${n} 行（${o} 个订单，例如 ${e}）在存储保留的每一列上都与之前某次导入存储的行相同${cols ? `，只在未使用的列（${cols}）上不同` : ''}：已加载，如果这些文件有重叠，它们会被计算两次；如是这样，请撤销本次导入（clientele imports remove ${id}），再导入一个不含之前已导入订单的文件`],
  [/^warning: (\d+) orders \(e\.g\. (.*)\) that this file says were closed or refunded in full are stored as sales by an earlier import: their revenue still counts; to take it out, remove that import \(clientele imports\) and import its file again without them, or import each refund as a return line$/, (_s, n, e) => `警告：本文件说明已关闭或已全额退款的 ${n} 个订单（例如 ${e}）被之前的某次导入存为销售：其收入仍被计入；要去掉它，请撤销那次导入（见 clientele imports），再导入不含这些订单的文件，或把每笔退款作为退货行导入`],
  [/^warning: (\d+) lines hold the replacement character U\+FFFD \(text damaged before this file was written\)$/, (_s, n) => `警告：${n} 行含有替换字符 U+FFFD（文本在写入此文件之前已损坏）`],
  [/^warning: (\d+) lines hold text that looks encoded twice \(like "Ã©" for "é"\)$/, (_s, n) => `警告：${n} 行的文本看起来被编码了两次（例如把“é”写成“Ã©”）`],
  [/^lines equal on every matched column loaded as different lines because these unmatched columns differ: (.*)$/, (_s, list) => `在所有已匹配列上都相同的行作为不同的行加载，因为以下未匹配的列不同：${list.replace(/ \((\d+) lines\)/g, '（$1 行）')}`],
  [/^(\d+) rows loaded with a bad optional value left empty \(see: (.*)\)$/, (_s, n, cmd) => `${n} 行已加载，其中错误的可选值留空（查看：${cmd}）`],
  [/^replaces import #(\d+) of the same file \(other options: (.*)\), which was removed$/, (_s, n, opts) => `取代同一文件的第 ${n} 次导入（选项不同：${opts.replace(/\bdefault\b/g, '默认')}），该次导入已删除`],
  [/^column "(.*)" was not matched; it may be (\w+)(?: \(now from "(.*)"\))?: --map .*$/, (_s, column, field, took) => importText('similar', { column, field: `{{field:${field}}}`, took: took ?? '' }, 'zh-CN').replace(`--map {{field:${field}}}=`, `--map ${field}=`)],
  [/^the customer ids in column "(.*)" are (emails|phone numbers): each customer is stored under a surrogate id .*$/, (_s, column, k) => importText('customer_key', { column, kind: k === 'emails' ? 'email' : 'phone' }, 'zh-CN')],
  [/^warning: (\d+) rows? names? (\d+) customers? the store does not have \(e\.g\. (.*?)(?:; (.*))?\): they count in no customer's figure until a customer with that id is imported(?:; (\d+) of the ids match a stored customer when case is ignored \((.*) → (.*)\): correct them in the file)?; to import the file again, remove this import first \(clientele imports remove (\d+)\)$/,
    (_s, n, ids, ex, sums, cased, given, stored, id) =>
      `警告：${n} 行属于 ${ids} 位数据库中没有的客户（例如 ${ex}${sums ? `；${sums.replace(/written_off/g, '核销金额').replace(/\bamount\b/g, '金额').replace(/\bcost\b/g, '成本').replace(/recurring_charge/g, '定期费用')}` : ''}）：在导入这些编号的客户之前，它们不计入任何客户的数据${cased ? `；其中 ${cased} 个编号在忽略大小写时与已有客户相同（${given} → ${stored}），请在文件中改正` : ''}；如要重新导入此文件，请先删除本次导入（clientele imports remove ${id}）`],
  [/^the (\d+) (?:rows that replace stored ones keep|row that replaces a stored one keeps) the stored (.*) \(the file has no column for them\)$/, (_s, n, fields) => `替换已有记录的 ${n} 行保留了原有的${fields.split(', ').map((f) => `{{field:${f}}}`).join('、')}（文件中没有这些列）`],
  [/^the file has no customer id column: customers are known by their email \("(.*)"\), and match the customers of other files known by the same email \(--map .*\)$/, (_s, column) => importText('email_key', { column }, 'zh-CN')],
  [/^column "(.*)" is an order's total, which repeats on each of an order's lines: it was not used as the lines' amount, which is quantity × unit price \("(.*)"\) \(--map .*\)$/, (_s, column, took) => importText('order_total', { column, took }, 'zh-CN')],
  [/^column "(.*)" also names (\w+), which "(.*)" gave; it was not used \(--map .*\)$/, (_s, column, field, took) => importText('also_names', { column, field: `{{field:${field}}}`, took }, 'zh-CN').replace(`--map {{field:${field}}}=`, `--map ${field}=`)],
  [/^(?:sheet "|a JSON array of |quarantine lines are|plain numbers in ).*$/s, (s) => inputNoteZh(s)],
  // import: refusals of src/data/import.ts and their hints
  [/^no column for (.+) \((\w[\w-]*) needs (?:it|them)\)$/, (_s, fields, entity) => `没有${fields.split(', ').map((f) => f.split(' or ').map((x) => `{{field:${x}}}`).join('或')).join('、')}的列（{{entity:${entity}}}需要）`],
  [/^the file's columns are: (.*)\. Map one with --map (\w+)=COLUMN, or use a --preset$/, (_s, cols, f) => `此文件的列为：${cols}。可用 --map ${f}=列名 指定一列，或使用 --preset`],
  [/^column "(.*)" \((\w+)\) does not hold dates in a format we recognise$/, (_s, c, f) => `列“${c}”（{{field:${f}}}）中的日期格式无法识别`],
  [/^pass --date-format, for example --date-format "(.*)"$/, (_s, fmt) => `请用 --date-format 指定，例如 --date-format "${fmt}"`],
  [/^the file cannot be read as (\w+): (.*)$/, (_s, fmt, why) => `无法按 ${fmt} 读取此文件：${why}`],
  [/^check the format; for CSV try --delimiter and --encoding$/, () => '请检查文件格式；CSV 文件可试试 --delimiter 和 --encoding'],
  [/^the import ran out of memory( \(nothing was loaded\))?$/, (_s, none) => `导入时内存不足${none ? '（未加载任何数据）' : ''}`],
  [/^the file has more than (\d+) lines$/, (_s, n) => `此文件超过 ${n} 行`],
  [/^split the file and import its parts with --append$/, () => '请把文件拆分，再用 --append 逐个导入'],
  [/^raise --memory-limit \(the default is half the RAM\), or free memory$/, () => '请调高 --memory-limit（默认为内存的一半），或释放内存'],
  // import: one store, one company (src/data/overlap.ts)
  [/^shares no (\w+) with the store, and there are no dates to compare: check that it belongs to the same company$/, (_s, id) => `与数据库中的数据没有共同的{{field:${id}}}，也没有可比较的日期：请确认它属于同一家公司`],
  [/^appended although it shares no (\w+) with the store and none of its dates falls within the store's \(file: (.*); store: (.*)\) \(--append\)$/, (_s, id, f, st) => `已按 --append 追加，尽管它与数据库中的数据没有共同的{{field:${id}}}，且没有日期落在数据库的日期范围内（文件：${rangeZh(f)}；数据库：${rangeZh(st)}）`],
  [/^this file shares no (\w+) with the store and none of its dates falls within the store's \(file: (.*); store: (.*)\): it looks like another data set, and one store holds one company's data\. Nothing was imported$/, (_s, id, f, st) => `此文件与数据库中的数据没有共同的{{field:${id}}}，且没有日期落在数据库的日期范围内（文件：${rangeZh(f)}；数据库：${rangeZh(st)}）：看起来是另一个数据集，而一个数据库只保存一家公司的数据。未导入任何数据`],
  [/^to add it to this store anyway, run the import again with --append; to keep it apart, use another store: (.*)$/, (_s, cmd) => `如仍要加入此数据库，请加 --append 重新导入；如要分开保存，请使用另一个数据库：\`${cmd}\``],
  [/^the first (\d+) lines stand above the table \(a title\) and were skipped; the header is line (\d+)$/, (_s, n, h) => `前 ${n} 行位于表格上方（标题），已跳过；表头是第 ${h} 行`],
  // value: products with costs that no order line matches (src/value/portfolio.ts)
  [/^products with a cost were imported, but no order line is one of them \(lines match products by product id\): no cost of goods is known$/, () => '已导入带成本的产品，但没有任何订单明细属于这些产品（订单明细按产品编号对应产品）：销货成本未知'],
  [/^the products match (\d+) of (\d+) order lines \(lines match products by product id\); the other lines have no cost from products$/, (_s, m, n) => `这些产品对应 ${n} 行订单明细中的 ${m} 行（订单明细按产品编号对应产品）；其余明细没有来自产品的成本`],
  // subscriptions from-customers (src/subscriptions/index.ts)
  [/^"(.+)" holds "(.*)", which is not a whole number of periods$/, (_s, c, v) => `"${c}" 列的值是 "${v}"，不是整数个周期`],
  [/^"(.+)" holds "(.*)", which is not an amount$/, (_s, c, v) => `"${c}" 列的值是 "${v}"，不是金额`],
  [/^check the column given as (--tenure|--charge), or name another$/, (_s, o) => `请检查用 ${o} 指定的列，或指定另一列`],
  [/^a carriage return inside an unquoted value: the file mixes line ends$/, () => '未加引号的值中有回车符：文件混用了不同的换行符'],
  [/^the as-of date (\S+) is after today: some order lines are dated in the future; check them, or pass --as-of$/, (_s, d) => `截止日期 ${d} 晚于今天：有些订单明细的日期在未来；请检查它们，或指定 --as-of`],
  // churn --learn (src/act/churn-learn.ts)
  [/^no past churn to learn from: the customers have no churn column, active flag or end date$/, () => '没有可供学习的过去流失：客户数据中没有流失列、是否有效标记或结束日期'],
  [/^import customers with a column such as Churn \(yes\/no\), Active \(yes\/no\) or End date, or name yours with --churn COLUMN \(looked for: .*\)$/,
    () => '请导入带有 `Churn`（是/否）、`Active`（是/否）或 `End date` 之类列的客户数据，或用 --churn 列名 指定您的列（已查找：`Churn`、`Churned`、`Exited`、`Active`、`End date`，或 流失、是否流失、活跃、终止日期）'],
  [/^the customers have no column (.+)$/, (_s, c) => `客户数据中没有 ${c} 列`],
  [/^their columns: (.*)$/, (_s, cols) => `现有的列：${cols}`],
  [/^too few customers with a known outcome to learn from \((\d+) churned, (\d+) stayed; need 5 of each\)$/, (_s, c, k) => `已知结果的客户太少，无法学习（流失 ${c} 位，留存 ${k} 位；各需至少 5 位）`],
  [/^churn was read from the (.+) column \(([^)]*)\): check it holds yes\/no, 1\/0 or true\/false, or name another with --churn COLUMN$/,
    (_s, c, kind) => `流失情况读自 ${c} 列（${({ 'churn column': '流失列', 'active flag': '是否有效标记', 'end date': '结束日期' } as Record<string, string>)[kind] ?? kind}）：请检查它是否为 是/否、1/0 或 true/false，或用 --churn 列名 指定另一列`],
  [/^the header has no name for columns? ([\d, ]+); (?:it is|they are) called (.*)$/, (_s, places, names) => `表头没有给第 ${places} 列命名；称为 ${names.replace(/"([^"]*)"/g, '“$1”')}`],
  [/^the lines end in a lone CR \(an old Mac format\); read as line ends$/, () => '各行以单独的 CR 结尾（旧 Mac 格式）；已按行尾读取'],
  [/^(\d+) lines end with one delimiter more than the header has \(an empty last field\): read without it$/, (_s, n) => `${n} 行末尾比表头多一个分隔符（最后一个字段为空）：读取时忽略该字段`],
  [/^warning: (\d+) orders have the same "(.*)" on each of their lines \((\d+) lines\): it looks like the order's total, which is then counted once per line; give the lines' own price or amount with --map unit_price=COLUMN or --map amount=COLUMN$/, (_s, n, c, l) => `警告：${n} 笔订单的每一行“${c}”都相同（共 ${l} 行）：看起来是整笔订单的总额，这样会按行重复计算；请用 --map unit_price=列名 或 --map amount=列名 指定各行自己的单价或金额`],
  [/^(\d+) lines have no customer id: loaded as unattributed sales \(they count in totals, not in any customer's figures\)(?:; column "(.*)" may be it: --map .*)?$/, (_s, n, c) => `${n} 行没有客户编号：作为未归属销售加载（计入总额，不计入任何客户的数字）${c ? `；列“${c}”可能就是客户编号：--map customer_id="${c}"` : ''}`],
  [/^warning: (\d+) lines are dated after today \((\S+)\), up to (\S+): commands take the last order day as their as-of date, so check them \(clientele imports remove (\d+) undoes this import\)$/,
    (_s, n, today, last, id) => `警告：${n} 行的日期晚于今天（${today}），最晚到 ${last}：各命令以最后一个下单日作为截止日期，请检查这些行（clientele imports remove ${id} 可撤销本次导入）`],
  [/^warning: the last order day, (\S+), is (\d+) days after the one before it \((\S+)\): commands take it as their as-of date; check its lines or pass --as-of$/,
    (_s, last, days, before) => `警告：最后一个下单日 ${last} 比前一个下单日（${before}）晚 ${days} 天：各命令以它作为截止日期；请检查这一天的明细，或指定 --as-of`],
  [/^quantile ([\d.]+) of buyers$/, (_s, q) => `购买客户的 ${q} 分位数`],
  [/^cost to serve assumed at ([\d.]+) per order$/, (_s, c) => `服务成本按每单 ${c} 假设`],
  [/^cost of goods assumed at a margin rate of ([\d.]+) for ([\d,]+) of net revenue$/, (_s, r, n) => `${n} 的净收入按毛利率 ${r} 假设商品成本`],
  [/^([\d,]+) of net revenue has no product cost and is counted at zero cost \(pass --margin-rate R\)$/, (_s, n) => `${n} 的净收入没有产品成本，按零成本计（请加 --margin-rate R）`],
  [/^long-term value \(proxy\) = current value × p_alive × (\d+) years; .*$/, (_s, y) => `长期价值（近似估计）= 当前价值 × 存活概率 × ${y} 年；存活概率 = exp(−距上次购买天数 / 平均购买间隔)，平均间隔 = (最后一次 − 第一次购买) / (购买天数 − 1)，只有一个购买日时用 oneTimeGapDays`],
  // segment rules: imported attributes named in quotes, and ones no customer has (src/segment/lexer.ts, attributes.ts)
  [/^no customer has the attribute (.+?) \((?:did you mean (.+?)\? )?(.*)\) at column (\d+)(\n[\s\S]*)?$/, (_s, a, near, listed, col, caret) => `没有客户有属性 ${a}（${near ? `是否想用 ${near.split(' or ').join(' 或 ')}？` : ''}${listed === 'no customer has imported attributes' ? '客户没有任何导入的属性' : listed.startsWith('imported attributes: ') ? `已导入的属性：${listed.slice('imported attributes: '.length)}` : listed}），第 ${col} 列${caret ?? ''}`],
  [/^(expected a comparison \(=, !=, <, <=, >, >=\), in, between, is null or contains, found (.*)|unexpected character (.*)) \(an attribute name with spaces or signs goes in quotes: (.*)\) at column (\d+)(\n[\s\S]*)?$/, (_s, _w, found, ch, ex, col, caret) => `${found !== undefined ? `此处应为比较（=、!=、<、<=、>、>=）、in、between、is null 或 contains，实际为 ${found}` : `无法识别的字符 ${ch}`}（名称含空格或符号的属性要加引号：${ex.split(' or ').join(' 或 ')}），第 ${col} 列${caret ?? ''}`],
  [/^an attribute name in quotes cannot be empty at column (\d+)(\n[\s\S]*)?$/, (_s, col, caret) => `引号中的属性名不能为空，第 ${col} 列${caret ?? ''}`],
  [/^expected "\]" after the attribute name at column (\d+)(\n[\s\S]*)?$/, (_s, col, caret) => `属性名后应为 "]"，第 ${col} 列${caret ?? ''}`],
  // a survey's satisfaction column on a 1–10 or 0–10 scale, rescaled to 1–5 (src/sql/import.ts sqlSurveySatisfaction)
  [/^satisfaction: the column is on a ([01])–10 scale \((?:its name says so|all (\d+) answers are whole numbers from [01] to 10, (\d+) of them above 5)\): every answer was rescaled to 1–5, as (.*) \(10 is 5\)$/,
    (_s, lo, all, above, how) => `满意度：此列为 ${lo}–10 分制（${all === undefined ? '列名如此注明' : `全部 ${all} 个回答都是 ${lo} 到 10 的整数，其中 ${above} 个大于 5`}）：每个回答都已换算为 1–5 分，换算式为 ${how}（10 分即 5 分）`],
];
