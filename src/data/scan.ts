/**
 * The import's own streaming passes over a file's bytes, before the engine reads it:
 *
 * 1. `scanEncoding`: the SHA-256 fingerprint and the encoding, decided on the whole file (not a sample).
 * 2. `scanRecords`: every physical line accounted for. Records are split the way the engine's CSV reader splits them
 *    (RFC 4180 quotes, `""` escapes, quoted fields may span lines); a record that cannot be parsed (a quote that does
 *    not close where the record should end, text after a closing quote, the wrong number of fields, a NUL byte, a
 *    line that does not decode) costs only its own first line, and reading resumes on the next line. It also finds
 *    the few records whose whole-record (or key) hash repeats, so duplicates are settled on that small set, and
 *    samples the first and last records for date-format detection.
 *
 * Why hand-written and not csv-parse: csv-parse (and DuckDB's reader) stop or swallow the rest of the file at an
 * unbalanced quote; its `relax_quotes`/`skip_records_with_error` options skip the record but not "resume at the next
 * physical line", and neither gives line-exact accounting of merged multi-line records. The loop below also computes
 * the record hashes and field boundaries in the same pass over the bytes, which a parser that hands back strings
 * would make us redo (decoding every field into a JS string costs more than the whole engine read).
 */
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, writeSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportError } from '../errors.js';
import type { PlainChunkAnswer, PlainChunkRequest, PlainHelperInit } from './scan-worker.js';
import { clean, fieldAt, HeaderNames, isTotalsLabel, REORDERED_HEADER, REPEATED_HEADER, totalsFigure } from './header-lines.js';

export type TextEncoding = 'utf8' | 'gb18030' | 'big5' | 'shift_jis' | 'euc_kr' | 'latin1' | 'utf16le' | 'utf16be';

export const ENCODING_LABELS: Readonly<Record<TextEncoding, string>> = {
  utf8: 'UTF-8',
  gb18030: 'GB18030',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  euc_kr: 'EUC-KR',
  latin1: 'Windows-1252 (Latin-1)',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
};

/** WHATWG decoder names. */
const DECODER: Readonly<Record<TextEncoding, string>> = {
  utf8: 'utf-8',
  gb18030: 'gb18030',
  big5: 'big5',
  // WHATWG's decoders: Windows-31J (Shift_JIS with the NEC and IBM extensions), and UHC (EUC-KR with all Hangul).
  shift_jis: 'shift_jis',
  euc_kr: 'euc-kr',
  latin1: 'windows-1252',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

export interface EncodingScan {
  readonly sha256: string;
  readonly bytes: number;
  readonly encoding: TextEncoding;
  /** Byte-order mark length (0 when none). */
  readonly bomBytes: number;
  /** The whole file is valid UTF-8 (no line needs decoding or quarantine for its encoding). */
  readonly cleanUtf8: boolean;
  /** How the encoding was decided, for the report. */
  readonly evidence: string;
}

const CHUNK = 1 << 20;

/** Length of `buf` up to the end of its last complete UTF-8 sequence (the rest is carried to the next chunk). */
function completeUtf8Prefix(buf: Uint8Array): number {
  let i = buf.length - 1;
  let k = 0;
  while (i >= 0 && k < 3 && (buf[i] & 0xc0) === 0x80) i--, k++;
  if (i < 0) return buf.length;
  const b = buf[i];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return buf.length - i >= need ? buf.length : i;
}

/**
 * Pass 1: fingerprint and encoding. A BOM decides (UTF-8, UTF-16 LE/BE). Otherwise a file that is valid UTF-8 from
 * its first byte to its last is UTF-8; else the whole file's byte statistics choose between UTF-8 with some bad
 * lines (a mixed file), Shift_JIS (Japanese) and EUC-KR (Korean) when decoding a sample that way reads as everyday
 * Japanese or Korean far more than as Chinese, Windows-1252/Latin-1 (isolated high bytes), Big5 (second bytes in
 * 0x40–0x7E are common) and GB18030 (which covers GBK and GB2312).
 */
export async function scanEncoding(path: string, forced: 'auto' | TextEncoding, onBytes?: (n: number) => void): Promise<EncodingScan> {
  const h = createHash('sha256');
  let n = 0;
  let valid = true;
  let carry: Buffer | null = null;
  let head: Buffer | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    const buf = chunk as Buffer;
    h.update(buf);
    if (head === null) head = buf.subarray(0, 4);
    n += buf.length;
    if (valid) {
      const joined: Buffer = carry ? Buffer.concat([carry, buf]) : buf;
      const cut = completeUtf8Prefix(joined);
      if (!isUtf8(joined.subarray(0, cut))) valid = false;
      carry = cut < joined.length ? Buffer.from(joined.subarray(cut)) : null;
    }
    onBytes?.(n);
  }
  if (carry) valid = false;
  const sha256 = h.digest('hex');
  const hd = head ?? Buffer.alloc(0);
  const bom: { enc: TextEncoding; len: number } | null =
    hd[0] === 0xef && hd[1] === 0xbb && hd[2] === 0xbf ? { enc: 'utf8', len: 3 } : hd[0] === 0xff && hd[1] === 0xfe ? { enc: 'utf16le', len: 2 } : hd[0] === 0xfe && hd[1] === 0xff ? { enc: 'utf16be', len: 2 } : null;
  if (forced !== 'auto') {
    const bomBytes = bom && bom.enc === forced ? bom.len : 0;
    return { sha256, bytes: n, encoding: forced, bomBytes, cleanUtf8: forced === 'utf8' && valid, evidence: 'given' };
  }
  if (bom) return { sha256, bytes: n, encoding: bom.enc, bomBytes: bom.len, cleanUtf8: bom.enc === 'utf8' && valid, evidence: 'byte-order mark' };
  if (valid) return { sha256, bytes: n, encoding: 'utf8', bomBytes: 0, cleanUtf8: true, evidence: 'the whole file is valid UTF-8' };
  const s = await byteStatistics(path);
  let encoding: TextEncoding;
  let evidence: string;
  let jk: { encoding: TextEncoding; evidence: string } | null;
  if (s.utf8Lines >= s.nonUtf8Lines) {
    encoding = 'utf8';
    evidence = `${s.utf8Lines} lines with non-ASCII text are UTF-8, ${s.nonUtf8Lines} are not`;
  } else if ((jk = japaneseOrKorean(s)) !== null) {
    encoding = jk.encoding;
    evidence = jk.evidence;
  } else if (s.big5Bad === 0 && s.big5Low > 0.04 * s.pairs && commonShare(s.sample, 'big5') > commonShare(s.sample, 'gb18030')) {
    encoding = 'big5';
    evidence = `every line decodes as Big5, and ${Math.round((100 * s.big5Low) / s.pairs)}% of double-byte characters end in 0x40–0x7E`;
  } else if (s.oddRuns > 0.3 * s.runs && s.gbBad > 0) {
    encoding = 'latin1';
    evidence = `${Math.round((100 * s.oddRuns) / s.runs)}% of non-ASCII bytes stand alone, as in Western European text`;
  } else if (s.big5Low > 0.04 * s.pairs && commonShare(s.sample, 'big5') > commonShare(s.sample, 'gb18030')) {
    encoding = 'big5';
    evidence = `${Math.round((100 * s.big5Low) / s.pairs)}% of double-byte characters end in 0x40–0x7E, as in Big5`;
  } else {
    encoding = 'gb18030';
    evidence = 'double-byte characters in the GB2312/GBK ranges';
  }
  return { sha256, bytes: n, encoding, bomBytes: 0, cleanUtf8: false, evidence };
}

interface ByteStats {
  /** Lines with non-ASCII bytes that are valid UTF-8, and lines that are not. */
  utf8Lines: number;
  nonUtf8Lines: number;
  /** Runs of bytes ≥ 0x80 (outside valid-UTF-8 lines), and those of odd length (a lone accented letter). */
  runs: number;
  oddRuns: number;
  /** Double-byte pairs (lead 0x81–0xFE), and those whose second byte is 0x40–0x7E. */
  pairs: number;
  big5Low: number;
  /** The first non-UTF-8 lines, copied: decoded both ways to see which gives everyday characters. */
  sample: Buffer[];
  /** Non-UTF-8 lines that do not decode as Big5, as GB18030, as Shift_JIS and as EUC-KR (of the first 2,000). */
  big5Bad: number;
  gbBad: number;
  sjisBad: number;
  krBad: number;
  checked: number;
}

async function byteStatistics(path: string): Promise<ByteStats> {
  const s: ByteStats = { utf8Lines: 0, nonUtf8Lines: 0, runs: 0, oddRuns: 0, pairs: 0, big5Low: 0, sample: [], big5Bad: 0, gbBad: 0, sjisBad: 0, krBad: 0, checked: 0 };
  const big5 = new TextDecoder('big5', { fatal: true });
  const gbk = new TextDecoder('gb18030', { fatal: true });
  const sjis = new TextDecoder('shift_jis', { fatal: true });
  const kr = new TextDecoder('euc-kr', { fatal: true });
  const fails = (d: { decode(b: Buffer): string }, b: Buffer) => {
    try {
      d.decode(b);
      return 0;
    } catch {
      return 1;
    }
  };
  await forEachLine(path, 0, (line) => {
    let high = false;
    for (let i = 0; i < line.length; i++) if (line[i] >= 0x80) (high = true), (i = line.length);
    if (!high) return;
    if (isUtf8(line)) {
      s.utf8Lines++;
      return;
    }
    s.nonUtf8Lines++;
    // A failed decode throws, which is slow: the first 2,000 such lines decide it (the scan checks every line later).
    if (s.sample.length < 200) s.sample.push(Buffer.from(line));
    if (s.nonUtf8Lines <= 2_000) {
      s.big5Bad += fails(big5, line);
      s.gbBad += fails(gbk, line);
      s.sjisBad += fails(sjis, line);
      s.krBad += fails(kr, line);
      s.checked++;
    }
    let run = 0;
    for (let i = 0; i <= line.length; i++) {
      const b = i < line.length ? line[i] : 0;
      if (b >= 0x80) run++;
      else if (run > 0) {
        s.runs++;
        if (run % 2 === 1) s.oddRuns++;
        run = 0;
      }
    }
    for (let i = 0; i + 1 < line.length; i++) {
      const b = line[i];
      if (b >= 0x81 && b <= 0xfe) {
        const t = line[i + 1];
        s.pairs++;
        if (t >= 0x40 && t <= 0x7e) s.big5Low++;
        i++;
      }
    }
  });
  return s;
}

/**
 * Everyday Chinese characters, simplified and traditional (with the words of business exports: 客户/客戶, 订单/訂單,
 * 编号/編號, 金额/金額 …). GB18030 decodes almost any byte pair, and GBK text often decodes as Big5 too, so which
 * decoding is right shows in what it reads as: the right one gives common characters, the wrong one rare ones.
 */
const COMMON = new Set(
  [...'的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重并並物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制製身果加西斯月话話合回特代内內信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣题題活尔爾更别別打女变變四神总總何电電数數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科司五基眼书書非则則听聽白却界达達光放强強即像难難且权權思王象完设設式色路记記南品住告类類求据據程北边邊死张張该該交规規万萬取拉格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識候带帶导導争爭运運笑飞飛风風步改收根干幹造言联聯持组組每济濟车車亲親极極林服快办辦议議往元英士证證近失转轉夫令准準布始怎呢存未远遠叫台单單影具罗羅字爱愛击擊流备備兵连連调調深商算质質团團集百需价價花党黨华華城石级級整府离離况況亚亞请請技际際约約示复復病息究线線似官火断斷精满滿支视視消越器容照须須九增研写寫称稱企八功吗嗎包片史委乎查轻輕易早曾除农農找装裝广廣显顯吧阿李标標谈談吃图圖念六引历歷首医醫局突专專费費号號尽盡另周较較注语語仅僅考落青随隨选選列武红紅响響虽雖推势勢参參希古众眾构構房半节節土投某案黑维維革划劃敌敵致陈陳律足态態护護七兴興派孩验驗责責营營星够夠章音跟志底站严嚴巴例防族供效续續施留讲講型料终終答紧緊黄黃绝絕奇察母京段依批群项項故按河米围圍江织織害斗鬥双雙境客纪紀采採举舉杀殺攻父苏蘇密低朝友诉訴止细細愿願千值仍男钱錢破网網热熱助倒育属屬坐帝限船脸臉职職速刻乐樂否刚剛威毛状狀率甚独獨球般普怕弹彈校苦创創假久错錯承印晚兰蘭试試股拿脑腦预預谁誰益阳陽若哪微尼继繼送急血惊驚伤傷素药藥适適波夜省初喜卫衛源食险險待述陆陸习習置居劳勞财財环環排福纳納欢歡雷警获獲模充负負云雲停木游遊龙龍树樹疑层層冷洲冲衝射略范範竟句室异異激汉漢村哈策演简簡卡罪判担擔州静靜退既衣您宗积積余餘痛检檢差富灵靈协協角占配征修皮挥揮胜勝降阶階审審沉坚堅善妈媽刘劉读讀啊超免压壓银銀买買皇养養伊怀懷执執副乱亂抗犯追帮幫宣佛岁歲航优優怪香著田铁鐵控税稅左右份穿艺藝背阵陣草脚腳概恶惡块塊顿頓敢守酒岛島托央户戶烈洋哥索胡款靠评評版宝寶座释釋景顾顧弟登货貨互付伯慢欧歐换換闻聞危忙核暗姐介坏壞讨討丽麗良序升监監临臨亮露永呼味野架域沙掉括舰艦鱼魚杂雜误誤湾灣吉减減编編楚肯测測败敗屋跑梦夢散温溫困剑劍渐漸封救贵貴枪槍缺楼樓县縣尚毫移娘朋画畫班智亦耳恩短掌恐遗遺固席松秘谢謝鲁魯遇康虑慮幸均销銷钟鐘诗詩藏赶趕剧劇票损損忽巨炮旧舊端探湖录錄叶葉春乡鄉附吸予礼禮港雨呀板庭妇婦归歸睛饭飯额額含顺順输輸摇搖招婚脱脫补補谓謂督毒油疗療旅泽澤材灭滅逐莫笔筆亡鲜鮮词詞圣聖择擇寻尋厂廠睡博勒烟煙授诺諾伦倫岸奥奧唐卖賣俄炸载載洛健堂旁宫宮喝借君禁阴陰园園谋謀宋避抓荣榮姑孙孫逃牙束跳顶頂玉镇鎮雪午练練迫爷爺篇肉嘴馆館遍凡础礎洞卷坦牛宁寧纸紙诸諸训訓私庄莊祖丝絲翻暴森塔默握戏戲隐隱熟骨访訪弱蒙歌店鬼软軟典欲萨薩伙遭盘盤爸扩擴盖蓋弄雄稳穩忘亿億刺拥擁徒姆杨楊齐齊赛賽趣曲刀床迎冰虚虛玩析窗醒妻透购購替塞努休虎扬揚途侵刑绿綠兄迅套贸貿毕畢唯谷轮輪库庫迹跡尤竞競街促延震弃棄甲伟偉麻川申缓緩潜潛闪閃售灯燈针針哲络絡抵朱埃抱鼓植纯純夏忍页頁杰筑築折郑鄭贝貝尊吴吳秀混臣雅振染盛怒舞圆圓搞狂措姓残殘秋培迷诚誠宽寬宇猛摆擺梅毁毀伸摩盟末乃悲拍丁赵趙尾昨奉鸟鳥减漫悄购订訂货貨编號码碼商品号客户戶单價数數量金额額日期时時间間地址电話手机機姓名性别別国國家省市区區联聯系繫邮郵箱会會员員卡积積分实實付款支付状狀态態备備注运運费費折扣优優惠券合计計总總价價类類型名称稱规規格颜顏色尺寸重库庫存退换換取消发發票开開具网網店铺舖渠道来來源'],
);

/** The share of decoded characters that are everyday Chinese ones, over the sample lines. */
function commonShare(lines: readonly Buffer[], encoding: 'big5' | 'gb18030'): number {
  const d = new TextDecoder(encoding);
  let cjk = 0;
  let common = 0;
  for (const line of lines) {
    for (const ch of d.decode(line)) {
      if (ch < '\u3400') continue;
      cjk++;
      if (COMMON.has(ch)) common++;
    }
  }
  return cjk ? common / cjk : 0;
}

/**
 * Everyday Hangul syllables (Korean words, family and given names, places, the words of shop exports: 고객 주문 번호
 * 금액 …). Chinese GBK text decodes as EUC-KR (UHC) too, mostly into Hangul: but into any of its 11,172 syllables,
 * so few of them everyday ones, while Korean text is mostly these.
 */
const HANGUL = new Set(
  '이다는의에을를하고가지기로서사한리자도어대들시나수인아일정있해라게주보제면부전상과장여것요구성스국우원적만동중위문소화신세회비무관조내경마공생방오미학연선개유러실분단물진되모그거발영행용계식말않니데저던었았했습까음운야안간결객번호금액품명량격배송름휴폰메남별년월등급입김박최강윤임권황류홍양손백허심노곽차민엄채천현함변염추석설길표반왕옥육맹탁은편예봉복태목형피두감빈온범좌팽승갈견당창옹순빙종풍훈준혁희숙혜울산광북충군읍층파트빌딩센터점매쿠팡네버카료취환불품교준비확완납처잔래택페월합총계소번앱웹몰본점직팀담당처리상태접수발송완배달'
    .split(''),
);

/** Everyday Japanese kanji beside the Chinese ones (shinjitai and the words of addresses, names and shop exports). */
const KANJI = new Set('円県区丁目番株式社様氏住所電話号注文時額商品数量単価計税込送料顧客郵便都道府町村阪横浜屋札幌福岡神戸藤佐鈴橋渡辺井斎清郎咲売上締請求納払込決済'.split(''));

/**
 * The share of decoded characters that are everyday ones in Chinese, Japanese (kana, kanji) or Korean (Hangul), over
 * the sample lines: the language the bytes were written in reads as everyday text, another as rare characters
 * (Chinese as Shift_JIS reads as half-width katakana and rare kanji; as EUC-KR, as rare Hangul; Japanese and Korean
 * as GB18030, as rare hanzi).
 */
function everydayShare(lines: readonly Buffer[], decoder: string): number {
  const d = new TextDecoder(decoder);
  let cjk = 0;
  let common = 0;
  for (const line of lines) {
    for (const ch of d.decode(line)) {
      if (ch < '\u3040') continue;
      cjk++;
      if ((ch >= '\u3041' && ch <= '\u30fc') || COMMON.has(ch) || HANGUL.has(ch) || KANJI.has(ch)) common++;
    }
  }
  return cjk ? common / cjk : 0;
}

/**
 * Shift_JIS or EUC-KR, when the non-UTF-8 lines decode that way (2% of failures allowed: a mixed file) and read as
 * everyday Japanese or Korean far more often than as Chinese in GB18030 or Big5; else null.
 */
function japaneseOrKorean(s: ByteStats): { encoding: TextEncoding; evidence: string } | null {
  const fits = (bad: number) => bad * 50 <= s.checked;
  const jp = fits(s.sjisBad) ? everydayShare(s.sample, 'shift_jis') : 0;
  const kr = fits(s.krBad) ? everydayShare(s.sample, 'euc-kr') : 0;
  const zh = Math.max(everydayShare(s.sample, 'gb18030'), fits(s.big5Bad) ? everydayShare(s.sample, 'big5') : 0);
  const best = jp >= kr ? { encoding: 'shift_jis' as const, share: jp, language: 'Japanese' } : { encoding: 'euc_kr' as const, share: kr, language: 'Korean' };
  if (best.share < 0.4 || best.share < zh + 0.15) return null;
  const pct = (x: number) => Math.round(100 * x);
  return { encoding: best.encoding, evidence: `${best.language} text: ${pct(best.share)}% of the characters read as ${ENCODING_LABELS[best.encoding]} are everyday ones, ${pct(zh)}% as Chinese (GB18030 or Big5)` };
}

/** Calls `fn` with each line's bytes (without `\n`), in order. Lines are views into the read buffers. */
async function forEachLine(path: string, skip: number, fn: (line: Buffer, lineNo: number) => void): Promise<number> {
  let rest: Buffer | null = null;
  let lineNo = 0;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    let buf = chunk as Buffer;
    if (first && skip) buf = buf.subarray(skip);
    first = false;
    if (rest) buf = Buffer.concat([rest, buf]);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      fn(buf.subarray(start, nl), ++lineNo);
      start = nl + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest && rest.length) fn(rest, ++lineNo);
  return lineNo;
}

/**
 * A file's chunks with every lone CR (one not followed by LF) made an LF, for files whose lines end in a lone CR
 * (sniff.ts `crLineEnds`): the readers then split lines at LF alone. A CR that ends a chunk waits for the next
 * chunk's first byte. Only CR and LF bytes change, and no other byte of the encodings read here (UTF-8, GB18030,
 * Big5, Shift_JIS, EUC-KR, Windows-1252) is 0x0D, so the line count is that of the lines as written.
 */
async function* loneCrAsLf(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let held = false;
  for await (const chunk of chunks) {
    let b: Buffer = held ? Buffer.concat([Buffer.from([0x0d]), chunk]) : chunk;
    held = b.length > 0 && b[b.length - 1] === 0x0d;
    if (held) b = b.subarray(0, b.length - 1);
    for (let i = b.indexOf(0x0d); i >= 0; i = b.indexOf(0x0d, i + 1)) if (b[i + 1] !== 0x0a) b[i] = 0x0a;
    if (b.length) yield b;
  }
  if (held) yield Buffer.from([0x0a]);
}

/** Decoded UTF-16 text, re-split into UTF-8 lines (UTF-16 carries 0x0A bytes inside characters, so it cannot be split as bytes). */
async function forEachUtf16Line(path: string, enc: 'utf16le' | 'utf16be', skip: number, fn: (line: Buffer, lineNo: number) => void, loneCr = false): Promise<number> {
  const dec = new TextDecoder(DECODER[enc]);
  let held = '';
  /** With lone-CR line ends, each lone CR made an LF (a CR ending the text waits for the next text). */
  const lines = (t: string, final: boolean): string => {
    if (!loneCr) return t;
    t = held + t;
    held = !final && t.endsWith('\r') ? '\r' : '';
    return (held ? t.slice(0, -1) : t).replace(/\r(?!\n)/g, '\n');
  };
  let rest = '';
  let lineNo = 0;
  let first = true;
  const flush = (text: string, final: boolean) => {
    const all = rest + text;
    const parts = all.split('\n');
    rest = final ? '' : parts.pop()!;
    for (const p of parts) fn(Buffer.from(p, 'utf8'), ++lineNo);
    if (final && rest === '' && parts.length && all.endsWith('\n')) return;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    let buf = chunk as Buffer;
    if (first && skip) buf = buf.subarray(skip);
    first = false;
    flush(lines(dec.decode(buf, { stream: true }), false), false);
  }
  const tail = rest + lines(dec.decode(), true);
  rest = '';
  if (tail !== '') {
    const parts = tail.split('\n');
    for (const p of parts) if (p !== '' || parts.length === 1) fn(Buffer.from(p, 'utf8'), ++lineNo);
  }
  return lineNo;
}

export interface RecordScanOptions {
  readonly encoding: TextEncoding;
  readonly bomBytes: number;
  readonly cleanUtf8: boolean;
  /** One byte, or 'whitespace' (runs of spaces and tabs; no quotes). */
  readonly delimiter: string;
  readonly header: boolean;
  /** Fields every record must have (the header's, or the first record's). */
  readonly fields: number;
  /**
   * What a repeated record is judged on: 'record' (every field, matched or not), a list of field indexes (a key),
   * or null (identical records are separate events: no duplicate search).
   */
  readonly identity: 'record' | readonly number[] | null;
  /** Indexes of the fields that are mapped, to find records equal on them that only unmatched fields keep apart. */
  readonly matched: readonly number[] | null;
  /**
   * Write the records that parse, each prefixed by its line number, to this UTF-8 CSV file. With `suspects`, only
   * the records not set apart (plain and not repeated so far): the lean import loads them without a filter.
   */
  readonly copyTo: string | null;
  /** Write the repeated records (line, first line of the group, near-group line) to this CSV file. */
  readonly candidatesTo: string;
  /**
   * The lean import (data/import.ts): write every record that might fail a check (see `SuspectRules`) or whose hash
   * repeats, prefixed by its line number like `copyTo`, to this UTF-8 file, so that only they are checked apart.
   */
  readonly suspects?: { readonly to: string; readonly rules: SuspectRules };
  readonly onBytes?: (n: number) => void;
  /** Physical lines above the table (sniff.ts `titleLines`): skipped, and counted in `headerLines`. */
  readonly skipLines?: number;
  /** The file's size in bytes, to size the hash tables. */
  readonly sizeHint?: number;
  /** A lone CR ends a line too (sniff.ts `crLineEnds`, old Mac files): the engine then reads the copy. */
  readonly crLineEnds?: boolean;
  /**
   * The header's names as the sniffer read them. A later record holding the same names (in any order) is the header
   * again, as files made of several exports joined have it: quarantined, and when its order differs, the records
   * after it are read by its order (rewritten into the first header's order in the copy the engine reads).
   */
  readonly headerNames?: readonly string[];
  /**
   * Keyed entities (customers, products, leads): the fields (the key's) where a totals word (合计, Total …) marks a
   * totals row, looked for there and in the first field. Such a record whose other values are empty or numbers is
   * quarantined: it is no customer. (Order lines need no such test: a totals row has no date.)
   */
  readonly totalsIn?: readonly number[];
}

export interface BadLine {
  readonly line: number;
  readonly reason: string;
  /** The line's text (decoded where possible), cut to 2,000 characters. */
  readonly text: string;
}

export interface RecordScan {
  /** Records that parse, in file order (the engine's row order). */
  readonly records: number;
  /** Physical lines after the header, and those that are blank. */
  readonly dataLines: number;
  readonly blankLines: number;
  readonly headerLines: number;
  /** Records that span more than one line: first line and lines consumed. */
  readonly multiLine: ReadonlyArray<{ readonly line: number; readonly lines: number }>;
  readonly bad: readonly BadLine[];
  /** (records before, extra lines): the line of record r is r + headerLines + 1 + Σ extra where before ≤ r. */
  readonly shifts: ReadonlyArray<{ readonly before: number; readonly lines: number }>;
  /** First and last records (up to 2,000 each), as field arrays, for date-format detection. */
  readonly sample: readonly (readonly string[])[];
  /** Fields with a value starting or ending with a space, a tab, a no-break or an ideographic space. */
  readonly padded: readonly boolean[];
  /** Per field: some value is written as Excel's text formula ="…" (Taobao order numbers): unwrapped on load. */
  readonly wrapped: readonly boolean[];
  /** Duplicate candidates written to `candidatesTo`. */
  readonly candidates: number;
  /** The engine may read the file as it is (UTF-8, nothing to drop, few shifts); else `copyTo` must be given. */
  readonly direct: boolean;
  /** Counts for warnings: text with U+FFFD, text that looks double-encoded. */
  readonly replacementLines: number;
  readonly mojibakeLines: number;
  readonly lineNumbersInCopy: boolean;
  /** Records written to `suspects.to`. */
  readonly suspectRecords: number;
  /** Records written to `copyTo` (with `suspects`, the records not set apart). */
  readonly copied: number;
  /**
   * Records with one field more than the header's, empty (a delimiter at the end of the line): read without it.
   * The engine then reads the copy, which has none.
   */
  readonly trailingDelimiters: number;
  /** Lines that repeat the header with the columns in another order (each quarantined), and the records read by it. */
  readonly reordered: ReadonlyArray<{ readonly line: number; readonly records: number }>;
}

/**
 * What makes a record worth checking apart in the lean import. A cheap test on the bytes, deliberately wider than the
 * engine's checks (any value that is not plainly valid is a suspect); the import verifies afterwards that no other
 * record failed, and redoes the file the exact slow way if one did, so a miss here costs time, never correctness.
 */
export interface SuspectRules {
  /** Per field of the file (its index): a sum of the SUSPECT flags. */
  readonly fields: Uint8Array;
  /** Groups of field indexes of which at least one must have a value (orders: unit price or amount). */
  readonly oneOf: ReadonlyArray<readonly number[]>;
}

/** Flags of `SuspectRules.fields`. */
export const SUSPECT = {
  required: 1,
  /** Anything but a plain decimal (-12.50): currency signs, thousands separators, NaN, 1e309, over 15 digits. */
  number: 2,
  integer: 4,
  negative: 8,
  zero: 16,
  /** Digits and - / . : space T Z + only, no digit run over 4, every 4-digit run a year in 1900..2100, no leading -. */
  date: 32,
  /** Any value at all (checks too rich to test here). */
  any: 64,
  /**
   * An id a spreadsheet or pandas may have rewritten (Dialect.sqlWholeNumberId): a full-width digit, a '.', an
   * e/E between a digit and a digit or '+', or a leading `'`. Wider than the engine's rewrite, so a plain id is stored as it is read.
   */
  id: 128,
} as const;

/** True when a field value (bytes start..end of b, untrimmed) might fail the checks its flags stand for. */
export function suspectValue(b: Uint8Array, start: number, end: number, flags: number): boolean {
  while (start < end && (b[start] === 0x20 || b[start] === 0x09)) start++;
  while (end > start && (b[end - 1] === 0x20 || b[end - 1] === 0x09 || b[end - 1] === 0x0d)) end--;
  if (start === end) return (flags & SUSPECT.required) !== 0;
  if (flags & SUSPECT.any) return true;
  if (flags & SUSPECT.id && rewrittenId(b, start, end)) return true;
  if (flags & (SUSPECT.number | SUSPECT.integer)) {
    let i = start;
    if (b[i] === 0x2d) {
      if (flags & SUSPECT.negative) return true;
      i++;
    }
    let digits = 0;
    let nonZero = false;
    let dot = false;
    for (; i < end; i++) {
      const c = b[i];
      if (c >= 0x30 && c <= 0x39) {
        digits++;
        if (c !== 0x30) nonZero = true;
      } else if (c === 0x2e && !dot && !(flags & SUSPECT.integer)) dot = true;
      else return true;
    }
    return digits === 0 || digits > 15 || ((flags & SUSPECT.zero) !== 0 && !nonZero);
  }
  if (flags & SUSPECT.date) {
    if (b[start] === 0x2d || b[start] === 0x2b) return true;
    let run = 0;
    let year = 0;
    for (let i = start; i <= end; i++) {
      const c = i < end ? b[i] : 0x20;
      if (c >= 0x30 && c <= 0x39) {
        run++;
        year = year * 10 + (c - 0x30);
        if (run > 4) return true;
        continue;
      }
      if (run === 4 && (year < 1900 || year > 2100)) return true;
      run = 0;
      year = 0;
      if (c !== 0x2d && c !== 0x2f && c !== 0x2e && c !== 0x3a && c !== 0x20 && c !== 0x54 && c !== 0x5a && c !== 0x2b) return true;
    }
  }
  return false;
}

/** The test of SUSPECT.id on the trimmed bytes start..end: full-width digits are EF BC 90–99 in UTF-8. */
function rewrittenId(b: Uint8Array, start: number, end: number): boolean {
  if (b[start] === 0x27) return true; // Excel's text marker: '7000000001
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === 0x2e) return true;
    if (c === 0xef && b[i + 1] === 0xbc && i + 2 < end && b[i + 2] >= 0x90 && b[i + 2] <= 0x99) return true;
    if ((c === 0x45 || c === 0x65) && i > start && i + 1 < end) {
      const before = b[i - 1];
      const after = b[i + 1];
      if (before >= 0x30 && before <= 0x39 && ((after >= 0x30 && after <= 0x39) || after === 0x2b)) return true;
    }
  }
  return false;
}

/** A quote left open longer than this is broken: every line re-reads the record, so the cap also bounds the work. */
const MAX_RECORD_LINES = 200;
const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** Why a record longer than MAX_RECORD_BYTES (the engine reader's max_line_size, sql/duckdb/dialect.ts) is quarantined. */
export const TOO_LONG = 'a record longer than 8 MB (a value this long is no field of an export)';
const SAMPLE = 2000;
/** Above this many line shifts the file is copied with explicit line numbers instead. */
export const MAX_DIRECT_SHIFTS = 64;

/**
 * Open-addressing set of 64-bit hashes (two 32-bit halves) → the line of the first record with it. A slot is three
 * adjacent Int32s (half, half, line): one cache miss a probe where three arrays cost three. The probe is still a
 * tenth of the scan's profile on Online Retail (a 12 MB table).
 *
 * Memory is 12 bytes a slot, so the table is sized to the file: any number of slots (a hash is mapped to a slot by
 * multiplying, not masking, so no power of two doubles it), filled to at most 80%, grown by half when it must be
 * (the old and the new table live together while it grows). At 100M records that is 1.6 GB; sized by powers of two
 * and grown by doubling it was 3.2 GB, and 4.8 GB while it grew.
 */
export class HashFirst {
  private cap = 0;
  private scale = 0;
  private limit = 0;
  private slots = new Int32Array(0);
  private used = 0;
  /** `expected`: about how many records will come (sizing up front saves rehashing); `file`, for errors. */
  constructor(
    expected: number,
    private readonly file = '',
  ) {
    this.resize(HashFirst.slotsFor(expected));
  }
  /** Slots for `n` records: 75% full, so a quarter more records than expected still fit without growing. */
  private static slotsFor(n: number): number {
    return Math.max(4096, Math.ceil(Math.max(0, n) / 0.75));
  }
  /** The number of slots (for tests). */
  get slotCount(): number {
    return this.cap;
  }
  /**
   * A better estimate of the records to come: the table is made that size now if that is much larger than today,
   * while it is still nearly empty (the scanner calls this after its first chunk).
   */
  reserve(expected: number): void {
    const want = HashFirst.slotsFor(expected);
    if (want > this.cap * 1.1) this.resize(want);
  }
  /** Drops the table (the scan is over): its memory goes back before the engine loads. */
  release(): void {
    this.resize(0);
  }
  private home(h1: number, h2: number): number {
    // The mixed 32 bits as a fraction of 2^32, times the slots: every slot count works, not only powers of two.
    return (((h1 ^ Math.imul(h2, 0x9e3779b1)) >>> 0) * this.scale) | 0;
  }
  /** Returns the first line with this hash (negative once reported), or 0 after inserting `line` (1 … 2^31 − 1). */
  get(h1: number, h2: number, line: number): number {
    if (this.used >= this.limit) this.resize(Math.ceil(this.cap * 1.5));
    const s = this.slots;
    const cap = this.cap;
    let i = this.home(h1, h2);
    for (;;) {
      const k = i * 3;
      const l = s[k + 2];
      if (l === 0) {
        if (line > 0x7fffffff) throw new ImportError(`the file has more than ${0x7fffffff} lines`, this.file, 'split the file and import its parts with --append');
        s[k] = h1;
        s[k + 1] = h2;
        s[k + 2] = line;
        this.used++;
        return 0;
      }
      if (s[k] === h1 && s[k + 1] === h2) return l;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }
  mark(h1: number, h2: number): void {
    const s = this.slots;
    const cap = this.cap;
    let i = this.home(h1, h2);
    while (s[i * 3 + 2] !== 0) {
      const k = i * 3;
      if (s[k] === h1 && s[k + 1] === h2) {
        s[k + 2] = -Math.abs(s[k + 2]);
        return;
      }
      i = i + 1 === cap ? 0 : i + 1;
    }
  }
  private resize(slots: number): void {
    const old = this.slots;
    this.cap = slots;
    this.scale = slots / 4294967296;
    this.limit = Math.floor(slots * 0.8);
    this.slots = new Int32Array(slots * 3);
    this.used = 0;
    if (slots === 0) return;
    for (let k = 0; k < old.length; k += 3) {
      if (old[k + 2] === 0) continue;
      let j = this.home(old[k], old[k + 1]);
      while (this.slots[j * 3 + 2] !== 0) j = j + 1 === slots ? 0 : j + 1;
      this.slots[j * 3] = old[k];
      this.slots[j * 3 + 1] = old[k + 1];
      this.slots[j * 3 + 2] = old[k + 2];
      this.used++;
    }
  }
}

/** The copy's bytes, written into one growing buffer: a Buffer per line cost as much as the scan itself. */
class ByteOut {
  private buf = Buffer.allocUnsafe(1 << 22);
  size = 0;
  private room(n: number): void {
    if (this.size + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size + n));
    this.buf.copy(bigger, 0, 0, this.size);
    this.buf = bigger;
  }
  /** `line`, the delimiter, bytes start..end of `b`, a newline. */
  line(line: number, delimiter: number, b: Buffer, start: number, end: number): void {
    this.room(end - start + 24);
    let n = line;
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = digits - 1; i >= 0; i--) {
      this.buf[this.size + i] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.size += digits;
    this.buf[this.size++] = delimiter;
    // Most lines are short: a loop beats Buffer#copy's checks there.
    if (end - start < 256) {
      const to = this.buf;
      let k = this.size;
      for (let i = start; i < end; i++) to[k++] = b[i];
    } else b.copy(this.buf, this.size, start, end);
    this.size += end - start;
    this.buf[this.size++] = 0x0a;
  }
  byte(c: number): void {
    this.room(1);
    this.buf[this.size++] = c;
  }
  /** The buffer itself, valid up to `size` until the next write. */
  bytes(): Buffer {
    return this.buf;
  }
  text(t: string): void {
    const n = Buffer.byteLength(t);
    this.room(n);
    this.size += this.buf.write(t, this.size);
  }
  /** Writes the bytes so far to the file `fd` and starts again with the same buffer. */
  flushTo(fd: number): void {
    for (let at = 0; at < this.size; ) at += writeSync(fd, this.buf, at, this.size - at);
    this.size = 0;
  }
}

function isBlank(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0d) return false;
  return true;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) || v.startsWith(' ') ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * The scanner's whole-record hash: 64 bits (two 32-bit lanes) over bytes from..to, four bytes a step (a chain of
 * two multiplies per byte took most of the parse loop's time). It only finds records that may repeat within one
 * file: every repeat it finds is checked again on the engine's own hash of the values (sql/import.ts
 * sqlVerifyRecordDuplicates), so a collision costs a check, never a record.
 */
function recordHash(b: Uint8Array, from: number, to: number, out: { w1: number; w2: number }): void {
  let w1 = 0x811c9dc5 | 0;
  let w2 = 0x2545f491 | 0;
  let i = from;
  for (const stop = to - 3; i < stop; i += 4) {
    const x = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    w1 = Math.imul(w1 ^ x, 0x9e3779b1);
    w1 ^= w1 >>> 15;
    w2 = Math.imul(w2 + x, 0x85ebca6b);
    w2 ^= w2 >>> 13;
  }
  for (; i < to; i++) {
    w1 = Math.imul(w1 ^ b[i], 0x01000193);
    w2 = Math.imul(w2 ^ b[i], 0x5bd1e995);
  }
  w1 = Math.imul(w1 ^ (to - from), 0xc2b2ae35);
  out.w1 = w1 ^ (w1 >>> 16);
  out.w2 = w2 ^ (w2 >>> 16);
}

/**
 * Files from this size (bytes) have their plain lines read ahead by a helper thread (`CLIENTELE_SCAN_HELPER_BYTES`
 * changes it: tests set 0 to read small files that way, a huge value turns the helper off). Below it, starting the
 * thread costs more than it saves.
 */
function helperFrom(): number {
  const raw = process.env.CLIENTELE_SCAN_HELPER_BYTES;
  const v = raw ? Number(raw) : NaN;
  return Number.isFinite(v) ? v : 8 * 1024 * 1024;
}

interface PlainHelper {
  /** The answer for the lines in start..end of `buf` (a copy goes to the thread); null if the thread failed. */
  read(buf: Buffer, start: number, end: number): Promise<PlainChunkAnswer | null>;
  close(): void;
}

/**
 * The helper thread (scan-worker.ts), or null where there is one core or no compiled worker file. Tests run from
 * the TypeScript sources use the compiled one in dist/ (npm test builds first).
 */
function startPlainHelper(init: PlainHelperInit): PlainHelper | null {
  if (availableParallelism() < 2) return null;
  const file = [new URL('./scan-worker.js', import.meta.url), new URL('../../dist/data/scan-worker.js', import.meta.url)].find((u) => existsSync(fileURLToPath(u)));
  if (!file) return null;
  const worker = new Worker(file, { workerData: init });
  worker.unref();
  const waiting = new Map<number, (a: PlainChunkAnswer | null) => void>();
  let failed = false;
  const fail = () => {
    failed = true;
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
  };
  worker.on('message', (a: PlainChunkAnswer) => {
    waiting.get(a.id)?.(a);
    waiting.delete(a.id);
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  let next = 0;
  return {
    read(buf, start, end) {
      if (failed) return Promise.resolve(null);
      const id = next++;
      const bytes = new ArrayBuffer(end);
      new Uint8Array(bytes).set(buf.subarray(0, end));
      const request: PlainChunkRequest = { id, bytes, start };
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage(request, [bytes]);
      });
    },
    close() {
      failed = true;
      void worker.terminate();
    },
  };
}

/**
 * A line start..nl (before its newline) that the fast path may read: more than a CR, and no leading blank (the
 * caller has checked that it holds no quote). Shared with the helper thread, so both take the same lines.
 */
export function mayBePlain(b: Uint8Array, start: number, nl: number): boolean {
  return nl - start > 1 && b[start] !== 0x20 && b[start] !== 0x09;
}

/** What `parsePlain` needs: the delimiter, the field count, the lean rules, and the padded flags it sets. */
export interface PlainContext {
  readonly D: number;
  readonly fields: number;
  readonly ruleFields: Uint8Array | null;
  readonly oneOf: ReadonlyArray<readonly number[]>;
  /** Fields whose emptiness a rule of `oneOf` needs, and each one's emptiness in the record being read. */
  readonly ruleBlank: Uint8Array;
  readonly ruleEmpty: Uint8Array;
  /** Set (never cleared) for a field with a padded value. */
  readonly padded: boolean[];
  /** 1 for the fields of the near-duplicate hash (RecordScanOptions.matched), or null when there is none. */
  readonly near: Uint8Array | null;
}

export function plainContext(D: number, fields: number, rules: SuspectRules | null, padded: boolean[], matched: readonly number[] | null = null): PlainContext {
  const ruleFields = rules?.fields ?? null;
  const ruleBlank = new Uint8Array(ruleFields?.length ?? 0);
  for (const g of rules?.oneOf ?? []) for (const i of g) ruleBlank[i] = 1;
  // Reused for every record: an allocation per record doubled the scan.
  let near: Uint8Array | null = null;
  if (matched) {
    near = new Uint8Array(fields);
    for (const i of matched) if (i < fields) near[i] = 1;
  }
  return { D, fields, ruleFields, oneOf: rules?.oneOf ?? [], ruleBlank, ruleEmpty: new Uint8Array(ruleFields?.length ?? 0), padded, near };
}

/** Why a record with a carriage return inside an unquoted value is quarantined. */
const CR_INSIDE = 'a carriage return inside an unquoted value: the file mixes line ends';

/**
 * The common record, kept apart for speed: one line from..to (a CR at its end left out), no quote, whole-record
 * hash. Counts its fields, marks padded ones, judges it against the lean rules (`out.suspect`; the test runs in
 * the same loop, since a second pass over every line's bytes cost a third of the scan) and hashes it (`out.w1`,
 * `out.w2`). Returns null, or why the line cannot be read. Shared by the scanner and its helper thread
 * (scan-worker.ts), so both read a line the same way.
 */
export function parsePlain(b: Uint8Array, from: number, to: number, c: PlainContext, out: PlainOut): string | null {
  const { D, ruleFields, ruleBlank, ruleEmpty, padded, near } = c;
  // The near-duplicate hash: the matched fields' bytes, each followed by 0x1f, as the scanner's full parse hashes them.
  let n1 = 0x811c9dc5 | 0;
  let n2 = 0x2545f491 | 0;
  const nearField = (end: number) => {
    if (field >= near!.length || near![field] !== 1) return;
    for (let i = start; i < end; i++) (n1 = Math.imul(n1 ^ b[i], 0x01000193)), (n2 = Math.imul(n2 ^ b[i], 0x5bd1e995));
    (n1 = Math.imul(n1 ^ 0x1f, 0x01000193)), (n2 = Math.imul(n2 ^ 0x1f, 0x5bd1e995));
  };
  let field = 0;
  let len = to;
  if (len > from && b[len - 1] === 0x0d) len--;
  let start = from;
  let suspect = false;
  const judge = (end: number) => {
    if (field >= ruleFields!.length) return;
    const fl = ruleFields![field];
    if (fl !== 0 && !suspect && suspectValue(b, start, end, fl)) suspect = true;
    if (ruleBlank[field] === 1) ruleEmpty[field] = isBlank(b, start, end) ? 1 : 0;
  };
  for (let i = from; i < len; i++) {
    const ch = b[i];
    if (ch === D) {
      if (ruleFields !== null) judge(i);
      if (near !== null) nearField(i);
      if (i > start && paddedValue(b, start, i) && field < padded.length) padded[field] = true;
      field++;
      start = i + 1;
    } else if (ch === 0) return 'the line holds a NUL byte (the file is damaged or partly binary)';
    else if (ch === 0x0d) return CR_INSIDE;
  }
  if (ruleFields !== null) {
    judge(len);
    if (!suspect) suspect = noneOf(c.oneOf, ruleEmpty);
  }
  if (near !== null) nearField(len);
  out.n1 = n1;
  out.n2 = n2;
  if (len > start && paddedValue(b, start, len) && field < padded.length) padded[field] = true;
  field++;
  out.suspect = suspect;
  out.trail = false;
  // One field more than the header's, and empty: the delimiter many exports put at the end of every data line. It
  // holds no data, and the record is the line without it (its hash too, so it equals the same record without one).
  if (field === c.fields + 1 && start === len && len > from) {
    out.trail = true;
    len--;
    field--;
  }
  // A plain line's values joined by the delimiter are its bytes: hashed as they stand (see recordHash).
  recordHash(b, from, len, out);
  if (field !== c.fields) return field > c.fields ? `TOO MANY COLUMNS (${field} fields, expected ${c.fields})` : `MISSING COLUMNS (${field} fields, expected ${c.fields})`;
  return null;
}

/** What `parsePlain` says of a line it read: its hash, whether it is a suspect, whether it ends in a spare delimiter. */
export interface PlainOut {
  w1: number;
  w2: number;
  /** The near-duplicate hash (PlainContext.near); the offset basis when there is none. */
  n1: number;
  n2: number;
  suspect: boolean;
  trail: boolean;
}

/** A value that starts or ends with a space, a tab, a no-break space (C2 A0) or an ideographic space (E3 80 80). */
function paddedValue(b: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  const f = b[start];
  const l = b[end - 1];
  if (f === 0x20 || f === 0x09 || l === 0x20 || l === 0x09) return true;
  if (f === 0xc2 && b[start + 1] === 0xa0) return true;
  if (f === 0xe3 && b[start + 1] === 0x80 && b[start + 2] === 0x80) return true;
  if (l === 0xa0 && end - 2 >= start && b[end - 2] === 0xc2) return true;
  return l === 0x80 && end - 3 >= start && b[end - 2] === 0x80 && b[end - 3] === 0xe3;
}

/** True when some group of `oneOf` has every field empty (`empty[i] === 1`); loops, not closures: it runs per record. */
function noneOf(oneOf: readonly (readonly number[])[], empty: Uint8Array): boolean {
  for (let g = 0; g < oneOf.length; g++) {
    const group = oneOf[g];
    let all = true;
    for (let i = 0; i < group.length; i++) if (empty[group[i]] !== 1) all = false;
    if (all) return true;
  }
  return false;
}

const MOJIBAKE = /[ÃÂ][\u0080-\u00bf]|â€/;

/**
 * Pass 2: records. See the module comment. Resolves with what the import needs to read the file exactly; when
 * `direct` is false and `copyTo` was null, call again with `copyTo`.
 */
export async function scanRecords(path: string, o: RecordScanOptions): Promise<RecordScan> {
  const D = o.delimiter === 'whitespace' ? -1 : o.delimiter.charCodeAt(0);
  const Q = 0x22;
  const identity = o.identity;
  const keyCols = Array.isArray(identity) ? new Set(identity as readonly number[]) : null;
  const matchedCols = o.matched ? new Set(o.matched) : null;
  const transcoded = !o.cleanUtf8;
  const decoder = transcoded && o.encoding !== 'utf8' && !o.encoding.startsWith('utf16') ? new TextDecoder(DECODER[o.encoding], { fatal: true }) : null;

  // The copy is written from one reused buffer with a synchronous write per chunk read: the bytes only go to the
  // page cache, and a stream needed a new buffer per chunk, whose fresh pages cost more than the write.
  const out: number | null = o.copyTo ? openSync(o.copyTo, 'w') : null;
  const cand = createWriteStream(o.candidatesTo);
  const sus = o.suspects ? createWriteStream(o.suspects.to) : null;
  const susOut: string[] = [];
  let suspectRecords = 0;
  /** Records written to the copy (with suspects: those not set apart). */
  let copied = 0;
  const rules = o.suspects?.rules ?? null;
  const copyOut = new ByteOut();
  const write = async (s: string | Buffer, stream: WriteStream) => {
    if (!stream.write(s)) await once(stream, 'drain');
  };

  const bad: BadLine[] = [];
  const multiLine: Array<{ line: number; lines: number }> = [];
  const shifts: Array<{ before: number; lines: number }> = [];
  const head: string[][] = [];
  const tail: string[][] = [];
  const padded: boolean[] = new Array(o.fields).fill(false);
  const wrapped: boolean[] = new Array(o.fields).fill(false);
  const expected = (o.sizeHint ?? 0) / 90;
  const whole = new HashFirst(identity === null ? 0 : expected, path);
  const near = matchedCols ? new HashFirst(expected, path) : null;
  let records = 0;
  let dataLines = 0;
  let blankLines = 0;
  let headerLines = 0;
  let headerDone = !o.header;
  let candidates = 0;
  let replacementLines = 0;
  let mojibakeLines = 0;
  let needCopy = transcoded || o.bomBytes > 0 || D < 0 || o.crLineEnds === true;
  let trailingDelimiters = 0;
  /** The record parse() or parseSimple() last read ended in a spare delimiter (see parsePlain). */
  let trail = false;
  let leadingBlank = false;

  // The record being read: its lines (bytes) and the line number of the first.
  let recLines: Buffer[] = [];
  let recStart = 0;
  let recBytes = 0;

  const lineText = (b: Buffer) => {
    const t = b.toString('utf8');
    return t.length > 2000 ? t.slice(0, 2000) + '…' : t;
  };

  const reject = (line: number, reason: string, bytes: Buffer) => {
    bad.push({ line, reason, text: lineText(bytes) });
    needCopy = true;
  };

  /** Splits one complete record into field values (used for samples only). */
  const fieldsOf = (bytes: Buffer): string[] => {
    const text = bytes.toString('utf8');
    if (D < 0) return text.trim() === '' ? [] : text.trim().split(/[ \t]+/);
    const d = String.fromCharCode(D);
    // Without quotes a record is its text split at the delimiter (a line's CR ends the last field).
    if (!text.includes('"')) return (text.endsWith('\r') ? text.slice(0, -1) : text).split(d);
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    let started = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') (cur += '"'), i++;
          else quoted = false;
        } else cur += c;
      } else if (c === '"' && !started) (quoted = true), (started = true);
      else if (c === d) out.push(cur), (cur = ''), (started = false);
      else if (c === '\r' && i === text.length - 1) continue;
      else (cur += c), (started = true);
    }
    out.push(cur);
    return out;
  };

  /**
   * Parses one record from its lines. Returns null when it is complete and well-formed (hashes in h), 'open' when a
   * quote is still open at the end of the last line, or the reason it cannot be parsed.
   */
  const h = { w1: 0, w2: 0, n1: 0, n2: 0 };
  const simple = keyCols === null;
  /** The common case, kept apart for speed: one line, no quote, whole-record hash (and the near one of the matched fields). */
  const plainCtx = plainContext(D, o.fields, o.suspects?.rules ?? null, padded, o.matched);
  const plainOut: PlainOut = { w1: 0, w2: 0, n1: 0, n2: 0, suspect: false, trail: false };
  /** The line parseSimple last judged, and whether it is a suspect. */
  let simpleLine: Buffer | null = null;
  let simpleSuspect = false;
  const parseSimple = (b: Buffer, from = 0, to = b.length): string | null => {
    const verdict = parsePlain(b, from, to, plainCtx, plainOut);
    simpleSuspect = plainOut.suspect;
    trail = plainOut.trail;
    if (plainCtx.ruleFields !== null) simpleLine = b;
    h.w1 = plainOut.w1;
    h.w2 = plainOut.w2;
    h.n1 = plainOut.n1;
    h.n2 = plainOut.n2;
    return verdict;
  };
  /** The values of a record parsed by `parse`, joined by the delimiter, for its whole-record hash. */
  const canon = new ByteOut();
  const parse = (lines: Buffer[]): string | 'open' | null => {
    if (simple && lines.length === 1 && lines[0].indexOf(Q) < 0) return parseSimple(lines[0]);
    let inQuote = false;
    let afterClose = false;
    let fieldStart = true;
    let field = 0;
    let w1 = 0x811c9dc5 | 0, w2 = 0x2545f491 | 0, n1 = 0x811c9dc5 | 0, n2 = 0x2545f491 | 0;
    let inKey = keyCols ? keyCols.has(0) : true;
    let inNear = matchedCols ? matchedCols.has(0) : false;
    let lastKeyByte = -1;
    let spaces = 0; // pending spaces, hashed only when a non-space follows (keys are compared trimmed)
    const whole = keyCols === null;
    canon.size = 0;
    let fieldAt = 0;
    const endField = () => {
      if (field < padded.length) {
        // The field's value is canon's bytes since fieldAt: padding (spaces, tabs, no-break or ideographic spaces),
        // and Excel's text formula ="…" that keeps long ids from turning into numbers.
        const v = canon.bytes();
        if (paddedValue(v, fieldAt, canon.size)) padded[field] = true;
        if (canon.size - fieldAt >= 3 && v[fieldAt] === 0x3d && v[fieldAt + 1] === Q && v[canon.size - 1] === Q) wrapped[field] = true;
      }
      canon.byte(D);
      fieldAt = canon.size;
      w1 = Math.imul(w1 ^ 0x1f, 0x01000193);
      w2 = Math.imul(w2 ^ 0x1f, 0x5bd1e995);
      if (inNear) (n1 = Math.imul(n1 ^ 0x1f, 0x01000193)), (n2 = Math.imul(n2 ^ 0x1f, 0x5bd1e995));
      field++;
      inKey = keyCols ? keyCols.has(field) : true;
      inNear = matchedCols ? matchedCols.has(field) : false;
      fieldStart = true;
      afterClose = false;
      spaces = 0;
      lastKeyByte = -1;
    };
    const value = (c: number) => {
      canon.byte(c);
      if (keyCols && (c === 0x20 || c === 0x09)) {
        spaces++;
        return;
      }
      if (inKey) {
        // Leading spaces are dropped (keys compare trimmed); inner ones are hashed when a non-space follows.
        if (keyCols && spaces && lastKeyByte >= 0) {
          for (; spaces > 0; spaces--) (w1 = Math.imul(w1 ^ 0x20, 0x01000193)), (w2 = Math.imul(w2 ^ 0x20, 0x5bd1e995));
        }
        w1 = Math.imul(w1 ^ c, 0x01000193);
        w2 = Math.imul(w2 ^ c, 0x5bd1e995);
        lastKeyByte = c;
      }
      spaces = 0;
      if (inNear) (n1 = Math.imul(n1 ^ c, 0x01000193)), (n2 = Math.imul(n2 ^ c, 0x5bd1e995));
    };
    for (let li = 0; li < lines.length; li++) {
      const b = lines[li];
      if (li > 0) value(0x0a);
      const len = b.length;
      for (let i = 0; i < len; i++) {
        const c = b[i];
        if (c === 0) return 'the line holds a NUL byte (the file is damaged or partly binary)';
        if (inQuote) {
          if (c === Q) {
            if (i + 1 < len && b[i + 1] === Q) value(Q), i++;
            else (inQuote = false), (afterClose = true);
          } else value(c);
        } else if (c === D) endField();
        else if (afterClose) {
          if (!(c === 0x0d && i === len - 1)) return 'text after a closing quote';
        } else if (c === Q && fieldStart) (inQuote = true), (fieldStart = false);
        else if (c === 0x0d && i === len - 1) continue;
        // A CR inside an unquoted value: no reader can tell it from a line end (quoted, it is kept as written).
        else if (c === 0x0d) return CR_INSIDE;
        else (fieldStart = false), value(c);
      }
      if (!inQuote) {
        if (li !== lines.length - 1) return 'a quoted field ends before the record does';
      }
    }
    if (inQuote) return 'open';
    // One field more than the header's, empty and unquoted: a delimiter at the record's end (see parsePlain). Not a
    // field: the record's values and hashes are those of the same record without it.
    trail = field === o.fields && fieldStart;
    if (!trail) endField();
    h.w1 = w1;
    h.w2 = w2;
    // The whole record: its values joined by the delimiter, hashed as a plain line's bytes are (parseSimple).
    if (whole) recordHash(canon.bytes(), 0, canon.size - 1, h);
    h.n1 = n1;
    h.n2 = n2;
    if (field !== o.fields) return field > o.fields ? `TOO MANY COLUMNS (${field} fields, expected ${o.fields})` : `MISSING COLUMNS (${field} fields, expected ${o.fields})`;
    return null;
  };

  /** Whitespace-separated records: one line each, no quotes. */
  const parseWhitespace = (b: Buffer): string[] | string => {
    if (b.includes(0)) return 'the line holds a NUL byte (the file is damaged or partly binary)';
    const f = b.toString('utf8').trim().split(/[ \t]+/);
    if (f.length !== o.fields) return f.length > o.fields ? `TOO MANY COLUMNS (${f.length} fields, expected ${o.fields})` : `MISSING COLUMNS (${f.length} fields, expected ${o.fields})`;
    let w1 = 0x811c9dc5 | 0, w2 = 0x2545f491 | 0;
    for (let i = 0; i < f.length; i++) {
      if (keyCols && !keyCols.has(i)) continue;
      for (let j = 0; j < f[i].length; j++) (w1 = Math.imul(w1 ^ f[i].charCodeAt(j), 0x01000193)), (w2 = Math.imul(w2 ^ f[i].charCodeAt(j), 0x5bd1e995));
      (w1 = Math.imul(w1 ^ 0x1f, 0x01000193)), (w2 = Math.imul(w2 ^ 0x1f, 0x5bd1e995));
    }
    h.w1 = w1;
    h.w2 = w2;
    h.n1 = w1;
    h.n2 = w2;
    return f;
  };

  // Lines that repeat the header (see RecordScanOptions.headerNames), and totals rows of keyed entities.
  const hdr = o.header && o.headerNames && o.headerNames.length > 0 ? new HeaderNames(o.headerNames) : null;
  const totalsIn = o.totalsIn ? [...new Set([0, ...o.totalsIn])].filter((i) => i < o.fields) : null;
  const at = { s: 0, e: 0 };
  /** After a header in another order: for each of the first header's fields, the index of its value in a record. */
  let remap: number[] | null = null;
  const reordered: Array<{ line: number; records: number }> = [];
  let otherHeader: { line: number; named: number } | null = null;
  /** The record starts with one of the header's names: it may be the header again. */
  const mayBeHeader = (b: Uint8Array, from: number, to: number) => hdr !== null && fieldAt(b, from, to, D, 0, at) && hdr.has(b, at.s, at.e);
  const joinLines = (lines: Buffer[]) => (lines.length === 1 ? lines[0] : Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l]))));
  const Dc = D >= 0 ? String.fromCharCode(D) : ' ';
  const quoted = (v: string) => (v.includes(Dc) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.replaceAll('"', '""')}"` : v);

  /**
   * A parsed record (after the header): the header again is quarantined (and, in another order, the records after it
   * are rewritten into the first header's order: parsed again, so hashes, samples and the copy see that order); a
   * totals row of a keyed entity is quarantined; any other record is accepted.
   */
  const acceptRecord = (lines: Buffer[], first: number, fieldsWs: string[] | null): void => {
    if (!headerDone) return accept(lines, first, fieldsWs);
    // Longer than the engine's reader takes (its max_line_size): that record alone is quarantined, not the file (QA
    // session 9, X1: a 30 MB cell made the reader refuse every record).
    let bytes = 0;
    for (const l of lines) bytes += l.length;
    if (bytes > MAX_RECORD_BYTES) return reject(first, `unreadable record: ${TOO_LONG}`, lines[0].subarray(0, 4000));
    let rec = joinLines(lines);
    if (hdr !== null && (fieldsWs ? hdr.hasText(fieldsWs[0] ?? '') : mayBeHeader(rec, 0, rec.length))) {
      // A byte-order mark before it (the second file's, in files joined with cat) is no part of the first name.
      const values = fieldsWs ?? fieldsOf(rec[0] === 0xef && rec[1] === 0xbb && rec[2] === 0xbf ? rec.subarray(3) : rec);
      const order = hdr.order(values);
      // Half the header's names or more, but not all: the header of an export with other columns. Its records cannot
      // be read by either header's positions; the import is refused once the scan is over (see `otherHeader`).
      const named = new Set(values.map(clean).filter((v) => hdr.hasText(v))).size;
      if (order === null && otherHeader === null && named >= Math.max(2, hdr.names.length / 2)) otherHeader = { line: first, named };
      if (order !== null) {
        const same = order.every((v, i) => v === i);
        remap = same ? null : order;
        if (!same) reordered.push({ line: first, records: 0 });
        reject(first, same ? REPEATED_HEADER : REORDERED_HEADER, rec);
        return;
      }
    }
    if (remap !== null) {
      const r = remap;
      if (fieldsWs) {
        const line = Buffer.from(r.map((i) => fieldsWs![i] ?? '').join(' '), 'utf8');
        const f = parseWhitespace(line);
        if (typeof f === 'string') return reject(first, `unreadable record: ${f}`, rec);
        fieldsWs = f;
        lines = [line];
      } else {
        const values = fieldsOf(rec.length && rec[rec.length - 1] === 0x0d ? rec.subarray(0, rec.length - 1) : rec);
        rec = Buffer.from(r.map((i) => quoted(values[i] ?? '')).join(Dc), 'utf8');
        const again: Buffer[] = [];
        for (let s = 0, nl = rec.indexOf(0x0a); ; nl = rec.indexOf(0x0a, s)) {
          again.push(rec.subarray(s, nl < 0 ? rec.length : nl));
          if (nl < 0) break;
          s = nl + 1;
        }
        const verdict = parse(again);
        if (verdict !== null) return reject(first, `unreadable record: ${verdict === 'open' ? 'a quote opened on this line is not closed' : verdict}`, rec);
        lines = again;
      }
      reordered[reordered.length - 1].records++;
    }
    if (totalsIn !== null) {
      for (const i of totalsIn) {
        const label = fieldsWs ? (fieldsWs[i] ?? '') : fieldAt(rec, 0, rec.length, D, i, at) ? rec.toString('utf8', at.s, at.e) : '';
        if (!isTotalsLabel(label)) continue;
        const values = fieldsWs ?? fieldsOf(rec.length && rec[rec.length - 1] === 0x0d ? rec.subarray(0, rec.length - 1) : rec);
        if (!values.every((v, j) => j === i || totalsFigure(v))) continue;
        const name = hdr?.names[i] ?? `column${i + 1}`;
        return reject(first, `a totals row, not a record ("${clean(label)}" in column "${name}"; the other values are empty or numbers)`, rec);
      }
    }
    accept(lines, first, fieldsWs);
  };

  const candOut: string[] = [];
  const emitCandidate = (line: number, dupOf: number | null, nearOf: number | null) => {
    candidates++;
    candOut.push(`${line},${dupOf ?? ''},${nearOf ?? ''}\n`);
  };

  const accept = (lines: Buffer[], first: number, fieldsWs: string[] | null) => {
    if (!headerDone) {
      headerDone = true;
      headerLines += lines.length;
      // A header that ends with a spare delimiter (sniff.ts drops its empty last name): the engine reads the copy.
      if (fieldsWs === null && trail) needCopy = true;
      return;
    }
    const r = records++;
    if (lines.length > 1) {
      multiLine.push({ line: first, lines: lines.length });
      shifts.push({ before: r + 1, lines: lines.length - 1 });
    }
    const trailing = fieldsWs === null && trail;
    const joined = lines.length === 1 ? lines[0] : Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l])));
    let end = joined.length && joined[joined.length - 1] === 0x0d ? joined.length - 1 : joined.length;
    if (trailing) {
      // The record without its spare delimiter, as the copy and the set-apart file give it to the engine.
      end--;
      trailingDelimiters++;
      needCopy = true;
    }
    const record = trailing ? [joined.subarray(0, end)] : lines;
    const suspect = rules !== null && isSuspect(lines, fieldsWs);
    if (sus && suspect) writeSuspect(first, record);
    let apart = sus !== null && suspect;
    if (identity !== null) {
      const f = whole.get(h.w1, h.w2, first);
      if (f !== 0) {
        repeated(f, first, record, suspect);
        apart = sus !== null;
      }
      if (near) nearGroup(first);
    }
    if (head.length < SAMPLE) head.push(fieldsWs ?? fieldsOf(joined.subarray(0, end)));
    else keepTail(fieldsWs ? fieldsWs.join('\u0000') : joined, 0, end);
    if (out !== null && !apart) {
      copied++;
      // Bytes, not strings: the lean import copies nearly every record, and decoding each line to text cost more than the scan.
      if (fieldsWs) copyOut.text(`${first},${fieldsWs.map(csvField).join(',')}\n`);
      else copyOut.line(first, D, joined, 0, end);
    }
  };
  /** The record at line `first` (its near hash in h) joins the records equal to it on the matched fields. */
  const nearGroup = (first: number) => {
    const g = near!.get(h.n1, h.n2, first);
    if (g !== 0) {
      if (g > 0) {
        near!.mark(h.n1, h.n2);
        emitCandidate(g, null, g);
      }
      emitCandidate(first, null, Math.abs(g));
    }
  };
  /** A record whose hash was met before, at line `f` (negative once the group is known). */
  const repeated = (f: number, first: number, lines: Buffer[], suspect: boolean) => {
    if (f > 0) {
      whole.mark(h.w1, h.w2);
      emitCandidate(f, null, null);
      // The first record of the group is not kept: an equal hash stands for equal text, so this record's text
      // is written under the first one's line (a suspect's first was written already). The import checks that
      // hash against the stored line's own afterwards.
      if (sus && !suspect) writeSuspect(f, lines);
    }
    emitCandidate(first, Math.abs(f), null);
    if (sus && !suspect) writeSuspect(first, lines);
  };
  // The last records: a ring of their bytes (or of a chunk and a range in it), split at the end.
  const tailBytes: Array<Buffer | string> = [];
  const tailStart = new Int32Array(SAMPLE);
  const tailEnd = new Int32Array(SAMPLE);
  let tailAt = 0;
  const keepTail = (b: Buffer | string, start: number, end: number) => {
    const k = tailAt % SAMPLE;
    tailBytes[k] = b;
    tailStart[k] = start;
    tailEnd[k] = end;
    tailAt++;
  };
  /**
   * The common record, read in place: one complete line start..nl of a chunk, without quotes, outside any record,
   * in a clean UTF-8 file. Returns false, having changed nothing the slow path does not redo, when the line needs
   * the slow path (its field count is off: it is quarantined there). Reading in place saves a Buffer per line.
   */
  const fastLine = (b: Buffer, start: number, nl: number, no: number): boolean => {
    if (remap !== null || !mayBePlain(b, start, nl) || parseSimple(b, start, nl) !== null || mayBeHeader(b, start, nl)) return false;
    acceptPlain(b, start, nl, no, rules !== null && simpleSuspect, trail);
    return true;
  };
  /** A plain line read (by parseSimple, or by the helper thread), its hash in h: accepted as fastLine says. */
  const acceptPlain = (b: Buffer, start: number, nl: number, no: number, suspect: boolean, trailing: boolean): void => {
    let end = b[nl - 1] === 0x0d ? nl - 1 : nl;
    if (trailing) {
      end--; // the spare delimiter at the line's end (see parsePlain)
      trailingDelimiters++;
      needCopy = true;
    }
    simpleLine = null;
    dataLines++;
    records++;
    if (sus && suspect) writeSuspect(no, [b.subarray(start, end)]);
    let apart = sus !== null && suspect;
    if (identity !== null) {
      const f = whole.get(h.w1, h.w2, no);
      if (f !== 0) {
        repeated(f, no, [b.subarray(start, end)], suspect);
        apart = sus !== null;
      }
      if (near) nearGroup(no);
    }
    if (head.length < SAMPLE) head.push(fieldsOf(b.subarray(start, end)));
    else keepTail(b, start, end);
    if (out !== null && !apart) {
      copied++;
      copyOut.line(no, D, b, start, end);
    }
  };

  const writeSuspect = (line: number, lines: Buffer[]) => {
    suspectRecords++;
    const text = lines.map((l) => l.toString('utf8')).join('\n');
    susOut.push(`${line}${String.fromCharCode(D)}${text.replace(/\r$/, '')}\n`);
  };
  /** The record's values tested against the rules: bytes for a plain line, split text for quoted or multi-line ones. */
  const isSuspect = (lines: Buffer[], fieldsWs: string[] | null): boolean => {
    const r = rules!;
    const empty = plainCtx.ruleEmpty;
    // A plain line was judged while parseSimple read it; quoted and multi-line records are split here.
    if (fieldsWs === null && lines.length === 1 && simpleLine === lines[0]) return simpleSuspect;
    const values = fieldsWs ?? fieldsOf(lines.length === 1 ? lines[0] : Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l]))));
    for (let field = 0; field < r.fields.length; field++) {
      const v = Buffer.from(values[field] ?? '', 'utf8');
      if (r.fields[field] && suspectValue(v, 0, v.length, r.fields[field])) return true;
      empty[field] = isBlank(v, 0, v.length) ? 1 : 0;
    }
    for (const g of r.oneOf) if (g.every((i) => empty[i] === 1)) return true;
    return false;
  };

  /** Feeds one physical line; returns lines to feed again (after a broken multi-line record). */
  const single: Buffer[] = [];
  const feed = (b: Buffer, lineNo: number): void => {
    // The common case without allocations: a complete, quote-free line outside any record.
    if (simple && recLines.length === 0 && headerDone && D >= 0 && b.length > 1 && b[0] !== 0x20 && b[0] !== 0x09 && b.indexOf(Q) < 0) {
      dataLines++;
      const verdict = parseSimple(b);
      if (verdict === null) {
        single[0] = b;
        acceptRecord(single, lineNo, null);
      } else reject(lineNo, `unreadable record: ${verdict}`, b);
      return;
    }
    const queue: Array<[Buffer, number]> = [[b, lineNo]];
    while (queue.length) {
      const [line, no] = queue.shift()!;
      if (recLines.length === 0) {
        let blank = line.length === 0 || (line.length === 1 && line[0] === 0x0d);
        let spaceOnly = false;
        if (!blank) {
          spaceOnly = true;
          for (let i = 0; i < line.length; i++) {
            const c = line[i];
            if (c !== 0x20 && c !== 0x09 && c !== 0x0d) {
              spaceOnly = false;
              break;
            }
          }
        }
        if (blank || spaceOnly) {
          if (headerDone) {
            dataLines++;
            blankLines++;
            shifts.push({ before: records, lines: 1 });
          } else leadingBlank = true;
          // The engine skips empty lines but not lines of spaces: those make the file need a clean copy.
          if (spaceOnly || D < 0) needCopy = true;
          continue;
        }
        if (headerDone) dataLines++;
        recStart = no;
        recLines = [line];
        recBytes = line.length;
      } else {
        if (headerDone) dataLines++;
        recLines.push(line);
        recBytes += line.length;
      }
      if (D < 0) {
        const f = parseWhitespace(line);
        recLines = [];
        if (typeof f === 'string') {
          if (!headerDone) throw new Error('scanRecords: the header line cannot be read');
          reject(no, `unreadable record: ${f}`, line);
        } else acceptRecord([line], no, f);
        continue;
      }
      const verdict = parse(recLines);
      if (verdict === 'open' && recLines.length < MAX_RECORD_LINES && recBytes < MAX_RECORD_BYTES) continue;
      const lines = recLines;
      recLines = [];
      if (verdict === null) {
        acceptRecord(lines, recStart, null);
        continue;
      }
      const reason =
        verdict === 'open'
          ? `a quote opened on this line is not closed (it would run over ${lines.length} lines)`
          : lines.length > 1
            ? `a quote opened on this line makes a record of ${lines.length} lines that cannot be read (${verdict})`
            : verdict;
      if (!headerDone) {
        headerDone = true;
        headerLines += 1;
        needCopy = true;
        for (let i = lines.length - 1; i >= 1; i--) queue.unshift([lines[i], recStart + i]);
        continue;
      }
      reject(recStart, `unreadable record: ${reason}`, lines[0]);
      // Only the first line is lost: the others are read again as records of their own.
      for (let i = lines.length - 1; i >= 1; i--) {
        queue.unshift([lines[i], recStart + i]);
        dataLines--;
      }
    }
  };

  const eof = () => {
    if (recLines.length) {
      const lines = recLines;
      recLines = [];
      const verdict = parse(lines);
      // The record's first line, kept: feeding its other lines again starts records of their own (recStart moves).
      const first = recStart;
      if (verdict === null) acceptRecord(lines, first, null);
      else {
        reject(first, `unreadable record: ${verdict === 'open' ? `a quote opened on this line is not closed before the end of the file` : verdict}`, lines[0]);
        for (let i = 1; i < lines.length; i++) {
          dataLines--;
          feed(lines[i], first + i);
        }
        if (recLines.length) eof();
      }
    }
  };

  // Lines as UTF-8 bytes; lines that do not decode are quarantined here, before they can join a record.
  const plausibleGb = (b: Buffer) => {
    let pairs = 0;
    let common = 0;
    for (let i = 0; i + 1 < b.length; i++) {
      if (b[i] >= 0x81) {
        pairs++;
        if (b[i] >= 0xa1 && b[i] <= 0xf7 && b[i + 1] >= 0xa1 && b[i + 1] <= 0xfe) common++;
        i++;
      }
    }
    return pairs === 0 || common / pairs >= 0.8;
  };
  const label = ENCODING_LABELS[o.encoding];
  const skip = o.skipLines ?? 0;
  const onLine = (raw: Buffer, no: number, odd: boolean) => {
    // Lines above the table (a title): counted with the header; the engine then reads the copy, which has none.
    if (no <= skip) {
      headerLines++;
      needCopy = true;
      return;
    }
    let line = raw;
    if (transcoded && !o.encoding.startsWith('utf16')) {
      let high = false;
      for (let i = 0; i < raw.length; i++) if (raw[i] >= 0x80) (high = true), (i = raw.length);
      if (high) {
        const utf8 = isUtf8(raw);
        if (o.encoding === 'utf8') {
          if (!utf8) {
            if (recLines.length === 0 && headerDone) {
              dataLines++;
              reject(no, `unreadable record: the line is not valid ${label}: the file mixes encodings`, Buffer.from(new TextDecoder('utf-8').decode(raw)));
              return;
            }
          }
        } else {
          // A line that is valid UTF-8 with multi-byte characters, in a file of another encoding, is the other half of a mixed file.
          const looksUtf8 = utf8 && (o.encoding === 'latin1' || o.encoding === 'shift_jis' || !plausibleGb(raw));
          let text: string | null = null;
          if (!looksUtf8 && decoder) {
            try {
              text = decoder.decode(raw);
            } catch {
              text = null;
            }
          } else if (!looksUtf8) text = new TextDecoder(DECODER[o.encoding]).decode(raw);
          if (text === null || looksUtf8) {
            if (recLines.length === 0 && headerDone) {
              dataLines++;
              reject(no, `unreadable record: the line is ${looksUtf8 ? 'UTF-8' : `not valid ${label}`} in a ${label} file: the file mixes encodings`, Buffer.from(new TextDecoder(looksUtf8 ? 'utf-8' : DECODER[o.encoding]).decode(raw)));
              return;
            }
            text = new TextDecoder(DECODER[o.encoding]).decode(raw);
          }
          line = Buffer.from(text, 'utf8');
        }
      }
    }
    if (odd || line !== raw) {
      const t = line.toString('utf8');
      if (t.includes('\ufffd')) replacementLines++;
      if (MOJIBAKE.test(t)) mojibakeLines++;
    }
    feed(line, no);
  };

  const inPlace = !transcoded && simple && D >= 0;
  // Line callbacks are synchronous in the readers; collect and process per chunk to keep awaits out of the hot loop.
  const batch: Array<[Buffer, number]> = [];
  let odd = true;
  const drain = async () => {
    for (let i = 0; i < batch.length; i++) onLine(batch[i][0], batch[i][1], odd);
    batch.length = 0;
    if (candOut.length) {
      await write(candOut.join(''), cand);
      candOut.length = 0;
    }
    if (sus && susOut.length) {
      await write(susOut.join(''), sus);
      susOut.length = 0;
    }
    if (out !== null && copyOut.size) copyOut.flushTo(out);
  };
  if (o.encoding === 'utf16le' || o.encoding === 'utf16be') {
    await forEachUtf16Line(path, o.encoding, o.bomBytes, (b, n) => void batch.push([b, n]), o.crLineEnds);
    await drain();
  } else {
    let rest: Buffer | null = null;
    let lineNo = 0;
    let first = true;
    let read = 0;
    // Plain lines can be read ahead by a helper thread (scan-worker.ts) while this one accepts records in order.
    const helper = inPlace && (o.sizeHint ?? 0) >= helperFrom() ? startPlainHelper({ D, fields: o.fields, rules: rules, matched: o.matched }) : null;
    interface Chunk {
      readonly buf: Buffer;
      /** Lines in start..end (each ends with its newline); `joined`, the line cut by the chunk's start, comes first. */
      readonly start: number;
      readonly end: number;
      readonly joined: Buffer | null;
      readonly joinedOdd: boolean;
      readonly odd: boolean;
      readonly quick: boolean;
      readonly answer: Promise<PlainChunkAnswer | null> | null;
      readonly read: number;
    }
    const pending: Chunk[] = [];
    let sized = false;
    const processChunk = async (c: Chunk) => {
      if (c.joined) onLine(c.joined, ++lineNo, c.joinedOdd);
      odd = c.odd;
      const a = c.answer ? await c.answer : null;
      if (a) {
        for (let i = 0; i < a.padded.length; i++) if (a.padded[i]) padded[i] = true;
        for (let k = 0; k < a.lines; k++) {
          ++lineNo;
          if (a.flags[k] !== 0 && headerDone && recLines.length === 0 && lineNo > skip && remap === null && !mayBeHeader(c.buf, a.starts[k], a.ends[k])) {
            h.w1 = a.h1[k];
            h.w2 = a.h2[k];
            h.n1 = a.n1[k];
            h.n2 = a.n2[k];
            acceptPlain(c.buf, a.starts[k], a.ends[k], lineNo, rules !== null && (a.flags[k] & 2) !== 0, (a.flags[k] & 4) !== 0);
          } else onLine(c.buf.subarray(a.starts[k], a.ends[k]), lineNo, c.odd);
        }
      } else {
        let start = c.start;
        let nextQuote = c.quick ? c.buf.indexOf(Q, start) : -1;
        for (;;) {
          const nl = c.buf.indexOf(0x0a, start);
          if (nl < 0 || nl >= c.end) break;
          ++lineNo;
          if (c.quick && headerDone && recLines.length === 0 && lineNo > skip) {
            if (nextQuote >= 0 && nextQuote < start) nextQuote = c.buf.indexOf(Q, start);
            if (!(nextQuote >= 0 && nextQuote < nl) && fastLine(c.buf, start, nl, lineNo)) {
              start = nl + 1;
              continue;
            }
          }
          onLine(c.buf.subarray(start, nl), lineNo, c.odd);
          start = nl + 1;
        }
      }
      await drain();
      if (!sized && c.read > 0 && records > 0 && o.sizeHint) {
        // The first chunk's records per byte give the file's records better than a guessed line length.
        sized = true;
        const estimate = (records / c.read) * o.sizeHint;
        whole.reserve(estimate);
        near?.reserve(estimate);
      }
      o.onBytes?.(c.read);
    };
    try {
      const stream = createReadStream(path, { highWaterMark: CHUNK });
      for await (const chunk of o.crLineEnds ? loneCrAsLf(stream) : stream) {
        let buf = chunk as Buffer;
        read += buf.length;
        if (first && o.bomBytes) buf = buf.subarray(o.bomBytes);
        const firstChunk = first;
        first = false;
        let start = 0;
        let joined: Buffer | null = null;
        let joinedOdd = false;
        if (rest) {
          // The line cut by the chunk's start is joined alone (joining whole chunks copied the file once more).
          const nl = buf.indexOf(0x0a);
          if (nl < 0) {
            rest = Buffer.concat([rest, buf]);
            continue;
          }
          joined = Buffer.concat([rest, buf.subarray(0, nl)]);
          joinedOdd = joined.indexOf(0xef) >= 0 || joined.indexOf('Ã') >= 0 || joined.indexOf('Â') >= 0 || joined.indexOf('â€') >= 0;
          rest = null;
          start = nl + 1;
        }
        const last = buf.lastIndexOf(0x0a);
        const end = last >= start ? last + 1 : start;
        rest = end < buf.length ? buf.subarray(end) : null;
        // U+FFFD is EF BF BD; double-encoded text shows C3/C2 or E2 80 pairs: chunks without them skip the per-line check.
        const chunkOdd = buf.indexOf(0xef, start) >= 0 || buf.indexOf('Ã', start) >= 0 || buf.indexOf('Â', start) >= 0 || buf.indexOf('â€', start) >= 0;
        // Lines read in place (fastLine) where nothing about the chunk needs the per-line checks of onLine and feed.
        const quick = inPlace && !chunkOdd && buf.indexOf(0, start) < 0;
        // The first chunk is read here while the helper starts.
        const answer = helper && quick && !firstChunk && end > start ? helper.read(buf, start, end) : null;
        pending.push({ buf, start, end, joined, joinedOdd, odd: chunkOdd, quick, answer, read });
        while (pending.length > (helper ? 3 : 0)) await processChunk(pending.shift()!);
      }
      while (pending.length) await processChunk(pending.shift()!);
    } finally {
      helper?.close();
    }
    if (rest && rest.length) {
      odd = true; // the last line may have come whole from joined chunks: checked line by line
      batch.push([rest, ++lineNo]);
    }
    await drain();
  }
  eof();
  await drain();
  whole.release();
  near?.release();
  if (out !== null) closeSync(out);
  cand.end();
  await once(cand, 'finish');
  if (sus) {
    sus.end();
    await once(sus, 'finish');
  }

  if (otherHeader !== null) {
    const { line, named } = otherHeader;
    throw new ImportError(
      `line ${line} holds ${named} of the header's ${hdr!.names.length} column names but not the same columns: the file joins exports with other columns`,
      path,
      `split the file before line ${line} and import each part on its own (with --append)`,
    );
  }
  const order = Array.from({ length: Math.min(tailAt, SAMPLE) }, (_, i) => (tailAt <= SAMPLE ? i : (tailAt + i) % SAMPLE));
  const sample = [...head, ...order.map((k) => { const t = tailBytes[k]; return typeof t === 'string' ? t.split('\u0000') : fieldsOf(t.subarray(tailStart[k], tailEnd[k])); })];
  if (leadingBlank || shifts.length > MAX_DIRECT_SHIFTS) needCopy = true;
  return {
    records,
    dataLines,
    blankLines,
    headerLines,
    multiLine,
    bad,
    shifts,
    sample,
    padded,
    wrapped,
    candidates,
    direct: !needCopy,
    replacementLines,
    mojibakeLines,
    lineNumbersInCopy: out !== null,
    suspectRecords,
    copied,
    trailingDelimiters,
    reordered,
  };
}
