import { describe, expect, it } from 'vitest';
import { MASK, PII_FIELDS, isMaskedField, maskCareEvents, maskPortrait, maskRow } from './mask.js';

describe('the mask', () => {
  it('covers the year of birth and what derives from it like the birth date', () => {
    for (const f of ['name', 'email', 'phone', 'address', 'birth_date', 'birth_year', 'age', 'attributes.Kidhome']) expect(isMaskedField(f), f).toBe(true);
    expect(PII_FIELDS.has('birth_year')).toBe(true);
    expect(maskRow({ customer_id: 'C1', birth_year: 1957, country: 'Spain', email: null })).toEqual({ customer_id: 'C1', birth_year: MASK, country: 'Spain', email: null });
  });

  it("leaves a portrait's points about a masked field out, the English lines and their codes alike", () => {
    const p = {
      behaviour: [{ field: 'age', segmentMean: 67.3, baseMean: 48.1 }, { field: 'orders', segmentMean: 4, baseMean: 2 }],
      standsOut: ['summary line', 'age: mean 67.32 against 48.10 for all buyers (×1.40)', 'orders: mean 4.00 against 2.00 for all buyers (×2.00)'],
      standsOutSaid: [{ code: 'portrait.summary', params: {} }, { code: 'portrait.mean', params: { field: 'age', segmentMean: 67.3 } }, { code: 'portrait.mean', params: { field: 'orders', segmentMean: 4 } }],
    };
    const m = maskPortrait(p);
    expect(m.behaviour[0]).toEqual({ field: 'age', segmentMean: MASK, baseMean: MASK });
    expect(m.standsOut).toEqual(['summary line', p.standsOut[2]]);
    expect(m.standsOutSaid).toEqual([p.standsOutSaid[0], p.standsOutSaid[2]]);
    expect(JSON.stringify(m)).not.toMatch(/67\.3/);
  });

  it('lists no birthday event in a care plan, and masks what is left', () => {
    const events = [
      { kind: 'birthday', customerId: 'A', name: 'Ann', language: 'en', date: '2024-07-04' },
      { kind: 'anniversary', customerId: 'B', name: 'Bo', language: 'zh', date: '2024-07-04' },
    ];
    expect(maskCareEvents(events)).toEqual([{ kind: 'anniversary', customerId: 'B', name: MASK, language: MASK, date: '2024-07-04' }]);
  });
});
