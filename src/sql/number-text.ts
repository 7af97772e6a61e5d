/** Text around numbers that exports write and the dialects' number parsers set aside (sqlParseNumber). */

/**
 * Currency as exports write it beside a number, with or without a space (both dialects' number parsers set it
 * aside): a sign with up to three letters before it (€, US$, R$, HK$, NT$), a common ISO 4217 code (EUR, RMB, CHF), or
 * a word (元, 円, kr, zł, Kč, Ft, lei, RM, Rp, Rs., руб., Fr.).
 */
export const CURRENCY =
  '[A-Z]{0,3}[$£€¥￥₽₹₩₺₫₪฿₴₦₱₲₵₸₼₾₡﹩＄￡]|EUR|USD|GBP|RMB|CNY|CHF|JPY|HKD|TWD|NTD|SGD|AUD|CAD|NZD|SEK|NOK|DKK|ISK|PLN|CZK|HUF|RON|BGN|RUB|UAH|INR|KRW|BRL|MXN|ARS|CLP|COP|ZAR|TRY|THB|MYR|IDR|PHP|VND|AED|SAR|ILS|元|圆|円|人民币|美元|欧元|港币|港元|日元|英镑|块|kr\\.?|Kr\\.?|zł|Kč|Ft|lei|RM|Rp|Rs\\.?|руб\\.?|р\\.|Fr\\.';
/** Any other ISO 4217 code is currency only with a space between it and the number (`XOF 500`, not `ABC123`). */
export const SPACED_CODE = '[A-Z]{3}';
/** Units counts are written with (2件, 3 pcs). */
export const COUNT_UNITS = '件|个|只|支|瓶|盒|箱|包|袋|双|套|台|本|张|条|pcs|pc|units|unit|ea';
/** Full-width digits and signs, and the minus sign U+2212, with their ASCII equivalents. */
export const FULL_WIDTH = ['０１２３４５６７８９．，－＋−', '0123456789.,-+-'] as const;
