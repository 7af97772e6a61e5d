import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translateCore } from '../cli/i18n/index.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles, type ImportOptions } from './import.js';
import { encodingOption } from './import-options.js';

/**
 * Japanese (Shift_JIS) and Korean (EUC-KR) files: told from GB18030 and Big5 with no option, and readable with
 * `--encoding`. Their names and cities must come out as written, not as Chinese characters of the same bytes.
 */
let store: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(async () => store.close());

const importOf = (name: string, content: Buffer, extra: Partial<ImportOptions> = {}) => importFiles(store.engine, { entity: 'customers', files: [store.dir.file(name, content)], append: true, ...extra });
const stored = async () => (await store.engine.query<{ customer_id: string; name: string; city: string }>('SELECT customer_id, name, city FROM customers ORDER BY customer_id')).map((r) => [r.customer_id, r.name, r.city]);

/** Names in kanji only (no kana to give Japanese away), names in katakana, and the shop words of a Japanese export. */
const JAPANESE = [
  ['J1', '山田太郎', '東京'],
  ['J2', '佐藤花子', '大阪'],
  ['J3', '鈴木一郎', '横浜'],
  ['J4', '高橋美咲', '名古屋'],
  ['J5', 'タナカ ユウキ', '札幌市中央区'],
  ['J6', 'さくら商店', '福岡県福岡市'],
];
const KOREAN = [
  ['K1', '김민수', '서울'],
  ['K2', '이서연', '부산'],
  ['K3', '박지훈', '인천'],
  ['K4', '최수빈', '대구'],
  ['K5', '정하은', '광주광역시'],
  ['K6', '윤도현', '경기도 수원시'],
];
const CHINESE = [
  ['C1', '王芳', '北京'],
  ['C2', '李雷', '上海'],
  ['C3', '张伟', '广州'],
  ['C4', '刘洋', '深圳'],
];
const file = (rows: string[][], header = 'customer_id,name,city') => [header, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';

describe('Shift_JIS and EUC-KR files', () => {
  it('are detected: a Japanese customers file is read as Shift_JIS, a Korean one as EUC-KR, with the evidence named in both languages', async () => {
    const jp = await importOf('jp.csv', iconv.encode(file(JAPANESE), 'shift_jis'));
    expect(jp.files[0].encoding).toBe('shift_jis');
    expect(await stored()).toEqual(JAPANESE);

    const kr = await importOf('kr.csv', iconv.encode(file(KOREAN), 'euc-kr'));
    expect(kr.files[0].encoding).toBe('euc_kr');
    expect((await stored()).slice(6)).toEqual(KOREAN);

    for (const note of [...jp.files[0].notes, ...kr.files[0].notes].filter((n) => n.startsWith('encoding '))) {
      expect(note).toMatch(/^encoding (Shift_JIS|EUC-KR): (Japanese|Korean) text: /);
      const zh = translateCore(note, 'zh-CN');
      expect(zh, note).toMatch(/(日文|韩文)文本/);
    }
  });

  it('a Korean file whose header is Korean: the columns are named as written', async () => {
    const r = await importOf('kr-header.csv', iconv.encode(file(KOREAN, '고객번호,고객명,지역'), 'euc-kr'), { map: { customer_id: '고객번호', name: '고객명', city: '지역' } });
    expect(r.files[0].encoding).toBe('euc_kr');
    expect(await stored()).toEqual(KOREAN);
  });

  it('Chinese files stay GB18030 and Big5', async () => {
    const gb = await importOf('zh.csv', iconv.encode(file(CHINESE), 'gb18030'));
    expect(gb.files[0].encoding).toBe('gb18030');
    const traditional = CHINESE.map(([id, n, c]) => [id.replace('C', 'T'), n.replace('张', '張').replace('伟', '偉').replace('刘', '劉'), c.replace('广', '廣')]);
    const big5 = await importOf('zh-tw.csv', iconv.encode(file(traditional), 'big5'));
    expect(big5.files[0].encoding).toBe('big5');
    expect(await stored()).toEqual([...CHINESE, ...traditional]);
  });

  it('--encoding shift_jis and euc-kr (and their other names) are accepted and read the file so', async () => {
    for (const name of ['shift_jis', 'Shift-JIS', 'sjis', 'cp932', 'windows-31j']) expect(encodingOption(name)).toBe('shift_jis');
    for (const name of ['euc-kr', 'EUC_KR', 'cp949', 'uhc']) expect(encodingOption(name)).toBe('euc_kr');
    // Two lines only, in kana: given, not detected.
    const r = await importOf('given.csv', iconv.encode(file([['G1', 'すずき', 'とうきょう']]), 'shift_jis'), { encoding: encodingOption('shift_jis') });
    expect(r.files[0].encoding).toBe('shift_jis');
    const k = await importOf('given-kr.csv', iconv.encode(file([['G2', '한국', '서울']]), 'euc-kr'), { encoding: encodingOption('euc-kr') });
    expect(k.files[0].encoding).toBe('euc_kr');
    expect(await stored()).toEqual([
      ['G1', 'すずき', 'とうきょう'],
      ['G2', '한국', '서울'],
    ]);
  });
});
