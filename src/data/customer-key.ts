/**
 * Customers known by an email or a phone (QA session 9, S1). Where a file has no customer id column, its customers
 * are known by their email (shop exports: WooCommerce, Shopify, Magento); a Chinese CRM often keys members by their
 * mobile number. Such a value used as the customer id would reach every role and every path that shows an id (lists,
 * reports, URLs, logs), while the email and phone fields are masked for viewers. So the import stores a surrogate id
 * instead (Dialect.sqlPseudonym: `E`/`P` and 16 hex digits of the value's MD5, the same in every file and on every
 * engine) and keeps the value itself in the customer's email or phone field, where masking applies.
 */

/** An email: something@something.tld, no spaces. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;
/** A phone number as written: digits with spaces, dashes, dots, brackets and a leading +, 7 to 15 digits. */
const PHONE_SHAPE = /^\+?[\d\s().-]+$/;
/** A Chinese mobile number as written: +86/0086 or not, 1[3-9] and 9 digits, spaces or dashes between groups. */
const CN_MOBILE = /^(?:(?:\+|00)86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}$/;
/** Column names that say phone. */
const PHONE_NAME = /phone|mobile|cell|tel\b|telephone|手机|电话|手機|電話|联系方式|聯絡方式/i;

/**
 * What the customer id column holds: 'email' when most of its values are emails, 'phone' when it is named as a
 * phone and most of its values are phone numbers, else null (an ordinary id, kept as it is). `values`: a sample.
 */
export function customerKeyKind(column: string, values: readonly string[]): 'email' | 'phone' | null {
  const v = values.map((x) => x.trim()).filter((x) => x !== '');
  if (v.length === 0) return null;
  const share = (test: (x: string) => boolean) => v.filter(test).length / v.length;
  if (share((x) => EMAIL.test(x)) >= 0.8) return 'email';
  const digits = (x: string) => x.replace(/\D/g, '').length;
  if (PHONE_NAME.test(column) && share((x) => PHONE_SHAPE.test(x) && digits(x) >= 7 && digits(x) <= 15) >= 0.8) return 'phone';
  // Chinese mobile numbers, whatever the column is called (a CRM's 客户编号 that holds them): 11 digits from 13 to 19.
  if (share((x) => CN_MOBILE.test(x)) >= 0.8) return 'phone';
  return null;
}

/**
 * The surrogate id of a customer known by this email (Dialect.sqlPseudonym's, computed here), or the value as it is
 * when it is no email: `clientele customer jane@example.com` finds the customer stored as E… (QA session 9b, F11).
 */
export async function customerIdFor(value: string): Promise<string> {
  if (!value.includes('@')) return value;
  const { createHash } = await import('node:crypto');
  return `E${createHash('md5').update(value.trim().toLowerCase()).digest('hex').slice(0, 16)}`;
}
