/** Word lists of the demo company: places, demographics, categories and survey comments. */

export interface Country {
  readonly name: string;
  readonly weight: number;
  readonly dial: string;
  readonly currencyScale: number;
  readonly regions: readonly { readonly name: string; readonly cities: readonly string[] }[];
  readonly chinese?: boolean;
}

export const COUNTRIES: readonly Country[] = [
  {
    name: 'China',
    weight: 40,
    dial: '+86',
    currencyScale: 0.8,
    chinese: true,
    regions: [
      { name: '广东省', cities: ['广州市', '深圳市', '东莞市', '佛山市'] },
      { name: '浙江省', cities: ['杭州市', '宁波市', '温州市'] },
      { name: '江苏省', cities: ['南京市', '苏州市', '无锡市'] },
      { name: '北京市', cities: ['北京市'] },
      { name: '上海市', cities: ['上海市'] },
      { name: '四川省', cities: ['成都市', '绵阳市'] },
      { name: '湖北省', cities: ['武汉市', '宜昌市'] },
    ],
  },
  {
    name: 'United States',
    weight: 25,
    dial: '+1',
    currencyScale: 1.2,
    regions: [
      { name: 'California', cities: ['Los Angeles', 'San Francisco', 'San Diego'] },
      { name: 'New York', cities: ['New York', 'Buffalo'] },
      { name: 'Texas', cities: ['Houston', 'Austin', 'Dallas'] },
      { name: 'Illinois', cities: ['Chicago'] },
    ],
  },
  {
    name: 'United Kingdom',
    weight: 15,
    dial: '+44',
    currencyScale: 1.1,
    regions: [
      { name: 'England', cities: ['London', 'Manchester', 'Birmingham'] },
      { name: 'Scotland', cities: ['Edinburgh', 'Glasgow'] },
      { name: 'Wales', cities: ['Cardiff'] },
    ],
  },
  {
    name: 'Australia',
    weight: 10,
    dial: '+61',
    currencyScale: 1.1,
    regions: [
      { name: 'New South Wales', cities: ['Sydney', 'Newcastle'] },
      { name: 'Victoria', cities: ['Melbourne'] },
    ],
  },
  {
    name: 'Canada',
    weight: 10,
    dial: '+1',
    currencyScale: 1.0,
    regions: [
      { name: 'Ontario', cities: ['Toronto', 'Ottawa'] },
      { name: 'British Columbia', cities: ['Vancouver'] },
    ],
  },
];

export const CUSTOMER_TYPES = ['individual', 'household', 'company', 'government'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const CUSTOMER_TYPE_WEIGHTS = [85, 7, 7, 1];

export const SIGNUP_CHANNELS = ['web', 'store', 'partner', 'ads'] as const;
export const SIGNUP_CHANNEL_WEIGHTS = [45, 25, 10, 20];

export const OCCUPATIONS = ['engineer', 'teacher', 'nurse', 'sales', 'manager', 'student', 'retired', 'self-employed', 'clerk', 'doctor', 'designer', 'worker'];
export const EDUCATION = ['secondary', 'vocational', 'bachelor', 'master', 'doctorate'];
export const EDUCATION_WEIGHTS = [25, 20, 38, 14, 3];
export const MARITAL = ['single', 'married', 'divorced', 'widowed'];
export const LIFESTYLE = ['outdoor', 'fitness', 'foodie', 'tech', 'family', 'travel', 'fashion', 'reading', 'gaming', 'eco', 'luxury', 'bargain-hunter', 'pets', 'diy'];
export const INDUSTRIES = ['manufacturing', 'retail', 'software', 'finance', 'healthcare', 'construction', 'logistics', 'education', 'hospitality', 'energy'];
export const CREDIT_RATINGS = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C'];
export const CREDIT_WEIGHTS = [4, 10, 20, 28, 18, 11, 5, 3, 1];

export const ORDER_CHANNELS = ['web', 'store', 'app', 'phone', 'sales_rep'] as const;

export interface Category {
  readonly name: string;
  /** Typical gross margin. */
  readonly margin: number;
  /** Median list price. */
  readonly price: number;
  /** Share of all lines for a customer with no preference. */
  readonly weight: number;
  readonly nouns: readonly string[];
}

export const CATEGORIES: readonly Category[] = [
  { name: 'Electronics', margin: 0.12, price: 160, weight: 14, nouns: ['Headphones', 'Charger', 'Speaker', 'Monitor', 'Keyboard', 'Camera', 'Tablet', 'Router'] },
  { name: 'Groceries', margin: 0.09, price: 7, weight: 22, nouns: ['Tea', 'Coffee', 'Rice', 'Olive Oil', 'Snacks', 'Noodles', 'Honey', 'Juice'] },
  { name: 'Home & Kitchen', margin: 0.32, price: 40, weight: 15, nouns: ['Pan', 'Kettle', 'Towel Set', 'Lamp', 'Knife Set', 'Storage Box', 'Pillow'] },
  { name: 'Apparel', margin: 0.5, price: 38, weight: 14, nouns: ['T-Shirt', 'Jacket', 'Jeans', 'Sneakers', 'Scarf', 'Dress', 'Socks'] },
  { name: 'Beauty', margin: 0.6, price: 24, weight: 10, nouns: ['Face Cream', 'Shampoo', 'Lipstick', 'Serum', 'Sunscreen', 'Perfume'] },
  { name: 'Books & Media', margin: 0.25, price: 16, weight: 9, nouns: ['Novel', 'Cookbook', 'Atlas', 'Vinyl Record', 'Board Game', 'Magazine'] },
  { name: 'Office Supplies', margin: 0.28, price: 12, weight: 10, nouns: ['Paper Ream', 'Pens', 'Stapler', 'Binder', 'Desk Organiser', 'Toner'] },
  { name: 'Software & Services', margin: 0.78, price: 220, weight: 6, nouns: ['Cloud Backup', 'Antivirus', 'Extended Warranty', 'Setup Service', 'Office Suite'] },
];

/** Survey comments by satisfaction (1..5); some in Chinese, some with commas and quotes to exercise CSV quoting. */
export const COMMENTS: readonly (readonly string[])[] = [
  [],
  ['Terrible service, never again', '送货太慢，客服也不回复', 'Item arrived broken', 'Refund took "forever"', '质量很差'],
  ['Slow delivery', '客服态度一般', 'Too expensive for the quality', 'Had to call support twice', '包装破损'],
  ['OK', '还可以', 'Average experience', 'Delivery could be faster, prices are fine', '一般般'],
  ['Good value', '服务不错', 'Quick delivery', 'Friendly staff, good prices', '质量很好，会再来'],
  ['Excellent!', '非常满意，推荐给朋友', 'Best shop in town', 'Always reliable, "five stars"', '物流快，服务好'],
];

/** Category that a lifestyle tag or an industry leans to: gives segment portraits something real to find. */
export const AFFINITY: Readonly<Record<string, string>> = {
  tech: 'Electronics',
  gaming: 'Electronics',
  fashion: 'Apparel',
  luxury: 'Beauty',
  foodie: 'Groceries',
  reading: 'Books & Media',
  diy: 'Home & Kitchen',
  family: 'Home & Kitchen',
  software: 'Software & Services',
  finance: 'Software & Services',
  manufacturing: 'Office Supplies',
  education: 'Books & Media',
  hospitality: 'Groceries',
};

export function categoryIndex(name: string | undefined): number {
  return name === undefined ? -1 : CATEGORIES.findIndex((c) => c.name === name);
}
