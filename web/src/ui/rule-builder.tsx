/**
 * The point-and-click segment builder: groups (all of / any of, optionally excluded) of conditions — a field
 * picked from the five kinds of attribute, an operator, a value with suggestions from the data (the most common
 * values, or the spread of a number or date). It edits the builder tree of src/segment/print.ts; the page turns
 * the tree into rule text and back, so the two ways of editing stay in step.
 */
import { useState } from 'react';
import type { Literal } from '../../../src/segment/ast';
import { FIELD_GROUPS, fieldGroup, fieldLabel, groupName, valueWord } from '../../../src/segment/field-labels';
import { literalWords, opWord } from '../../../src/segment/describe';
import type { BuilderCondition, BuilderGroup, BuilderNode, BuilderOp } from '../../../src/segment/print';
import { nameOf } from '../../../src/report/i18n';
import { num } from '../format';
import { useI18n } from '../i18n';
import { useApi } from './use-api';

export interface RuleField {
  name: string;
  type: 'text' | 'number' | 'date' | 'boolean';
}

interface Suggestions {
  values?: Array<{ value: string; customers: number }>;
  range?: null | { customers: number; min: number | string; q1: number | string; median: number | string; q3: number | string; max: number | string };
}

const OPS_BY_TYPE: Record<RuleField['type'], BuilderOp[]> = {
  text: ['=', '!=', 'in', 'not in', 'contains', 'is null', 'is not null'],
  number: ['>', '>=', '<', '<=', '=', '!=', 'between', 'is null', 'is not null'],
  date: ['<', '<=', '>', '>=', 'between', 'is null', 'is not null'],
  boolean: ['=', 'is null', 'is not null'],
};
/** Fields named by RFM segment or matrix cell: their values are shown by name. */
const NAMED = new Set(['rfm.segment', 'segment', 'value.quadrant', 'value.loyalty', 'value.satisfaction']);
/** Personal fields: a viewer may not test their values (the server refuses it too). */
const PERSONAL = new Set(['name', 'email', 'phone', 'address', 'birth_date']);

/** What the user typed as a value of a field of this type, or null while it is not one yet. */
export function literalOf(type: RuleField['type'], s: string): Literal | null {
  const x = s.trim();
  if (!x) return null;
  if (type === 'number') return Number.isFinite(Number(x)) ? { kind: 'number', value: Number(x) } : null;
  if (type === 'boolean') return x === 'true' || x === 'false' ? { kind: 'boolean', value: x === 'true' } : null;
  if (type === 'date') {
    const d = /^([-+]?\d+)([dwmy])$/.exec(x);
    if (d) return { kind: 'duration', amount: Number(d[1]), unit: d[2] as 'd' };
    return /^\d{4}-\d{2}-\d{2}$/.test(x) ? { kind: 'date', value: x } : null;
  }
  return { kind: 'string', value: x };
}

/** A literal as the input shows it (no quotes). */
export function inputText(l: Literal | undefined): string {
  if (!l) return '';
  switch (l.kind) {
    case 'string':
    case 'date':
      return l.value;
    case 'number':
      return String(l.value);
    case 'boolean':
      return String(l.value);
    case 'duration':
      return `${l.amount}${l.unit}`;
  }
}

type Path = readonly number[];

function at(g: BuilderGroup, path: Path): BuilderNode {
  return path.reduce<BuilderNode>((n, i) => (n as BuilderGroup).items[i], g);
}

/** A copy of `g` with the node at `path` replaced by `f(node)` (or removed when f gives null). */
export function update(g: BuilderGroup, path: Path, f: (n: BuilderNode) => BuilderNode | null): BuilderGroup {
  if (!path.length) return (f(g) as BuilderGroup) ?? g;
  const [i, ...rest] = path;
  const items = g.items.flatMap((it, j): BuilderNode[] => {
    if (j !== i) return [it];
    if (!rest.length) {
      const r = f(it);
      return r ? [r] : [];
    }
    return [update(it as BuilderGroup, rest, f)];
  });
  return { ...g, items };
}

export function RuleBuilder(props: { tree: BuilderGroup; fields: RuleField[]; onChange: (g: BuilderGroup) => void; personalAllowed: boolean }) {
  return (
    <div className="builder" data-testid="segment-builder">
      <GroupView group={props.tree} path={[]} {...props} />
    </div>
  );
}

function GroupView(props: { group: BuilderGroup; path: Path; tree: BuilderGroup; fields: RuleField[]; onChange: (g: BuilderGroup) => void; personalAllowed: boolean }) {
  const { t } = useI18n();
  const { group: g, path } = props;
  const set = (f: (n: BuilderNode) => BuilderNode | null) => props.onChange(update(props.tree, path, f));
  const first = props.fields.some((f) => f.name === 'country') ? 'country' : (props.fields[0]?.name ?? 'country');
  const addCondition = () => set((n) => ({ ...(n as BuilderGroup), items: [...(n as BuilderGroup).items, { kind: 'condition', field: first, op: '=', values: [] }] }));
  const addGroup = () =>
    set((n) => ({ ...(n as BuilderGroup), items: [...(n as BuilderGroup).items, { kind: 'group', op: (n as BuilderGroup).op === 'and' ? 'or' : 'and', negated: false, items: [{ kind: 'condition', field: first, op: '=', values: [] }] }] }));
  return (
    <div className={`builder-group ${path.length ? 'nested' : 'root'}`} data-group={path.join('.') || 'root'} data-op={g.op}>
      <div className="builder-group-head">
        <div className="seg-switch small">
          {(['and', 'or'] as const).map((op) => (
            <button key={op} className={g.op === op ? 'on' : ''} data-group-op={op} onClick={() => set((n) => ({ ...(n as BuilderGroup), op }))}>
              {op === 'and' ? t('matchAll') : t('matchAny')}
            </button>
          ))}
        </div>
        <label className="check small">
          <input type="checkbox" checked={g.negated} onChange={(e) => set((n) => ({ ...(n as BuilderGroup), negated: e.target.checked }))} data-testid="group-negated" /> {t('exclude')}
        </label>
        {path.length > 0 && (
          <button className="btn small ghost danger" onClick={() => set(() => null)} data-testid="remove-group">
            {t('remove')}
          </button>
        )}
      </div>
      {g.items.map((it, i) =>
        it.kind === 'group' ? (
          <GroupView key={i} {...props} group={it} path={[...path, i]} />
        ) : (
          <ConditionView key={i} {...props} condition={it} path={[...path, i]} joiner={i > 0 ? (g.op === 'and' ? t('and') : t('or')) : ''} />
        ),
      )}
      <div className="builder-actions">
        <button className="btn small" onClick={addCondition} data-testid="add-condition">
          {t('addCondition')}
        </button>
        <button className="btn small ghost" onClick={addGroup} data-testid="add-group">
          {t('addGroup')}
        </button>
      </div>
    </div>
  );
}

function ConditionView(props: { condition: BuilderCondition; path: Path; tree: BuilderGroup; fields: RuleField[]; onChange: (g: BuilderGroup) => void; personalAllowed: boolean; joiner: string }) {
  const { t, lang } = useI18n();
  const c = props.condition;
  const field = props.fields.find((f) => f.name === c.field) ?? { name: c.field, type: 'text' as const };
  const set = (next: Partial<BuilderCondition>) => props.onChange(update(props.tree, props.path, (n) => ({ ...(n as BuilderCondition), ...next })));
  const [draft, setDraft] = useState<{ key: string; text: string } | null>(null);
  const key = `${c.field}|${c.op}`;
  const multi = c.op === 'in' || c.op === 'not in';
  const pair = c.op === 'between';
  const none = c.op === 'is null' || c.op === 'is not null';
  const wantsSuggestions = !none && (props.personalAllowed || !PERSONAL.has(c.field));
  const sug = useApi<Suggestions>(wantsSuggestions ? '/api/segments/suggest' : null, { field: c.field });
  const shown = (v: string) => (NAMED.has(c.field) ? nameOf(v, lang) : field.type === 'boolean' ? (v === 'true' ? t('yes') : t('no')) : valueWord(lang, c.field, v));
  const pick = (raw: string) => {
    const l = literalOf(field.type, raw);
    if (!l) return;
    if (multi) {
      const have = c.values.some((x) => inputText(x) === raw);
      set({ values: have ? c.values.filter((x) => inputText(x) !== raw) : [...c.values, l] });
    } else if (pair) set({ values: c.values.length >= 2 || !c.values.length ? [l] : [c.values[0], l] });
    else set({ values: [l] });
  };
  const changeField = (name: string) => {
    const type = props.fields.find((f) => f.name === name)?.type ?? 'text';
    set({ field: name, op: OPS_BY_TYPE[type].includes(c.op) ? c.op : OPS_BY_TYPE[type][0], values: [] });
  };
  const groups = FIELD_GROUPS.map((g) => ({ g, fields: props.fields.filter((f) => fieldGroup(f.name) === g && f.name !== 'segment' && f.name !== 'clv' && (props.personalAllowed || !PERSONAL.has(f.name))) })).filter((x) => x.fields.length);
  const text = draft && draft.key === key ? draft.text : multi ? c.values.map(inputText).join(', ') : pair ? c.values.map(inputText).join(' ~ ') : inputText(c.values[0]);
  const typed = (s: string) => {
    setDraft({ key, text: s });
    const parts = multi ? s.split(/[,，]/) : pair ? s.split(/~/) : [s];
    const ls = parts.map((p) => literalOf(field.type, p)).filter((l): l is Literal => l !== null);
    set({ values: ls });
  };
  return (
    <div className="builder-condition" data-condition={props.path.join('.')}>
      <span className="joiner muted small">{props.joiner}</span>
      <select value={c.field} onChange={(e) => changeField(e.target.value)} data-testid="field-select" aria-label={t('field')}>
        {groups.map(({ g, fields }) => (
          <optgroup key={g} label={groupName(lang, g)}>
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {fieldLabel(lang, f.name)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <select value={c.op} onChange={(e) => set({ op: e.target.value as BuilderOp, values: [] })} data-testid="op-select" aria-label={t('operator')}>
        {OPS_BY_TYPE[field.type].map((op) => (
          <option key={op} value={op}>
            {opWord(lang, op)}
          </option>
        ))}
      </select>
      {!none &&
        (NAMED.has(c.field) ? (
          // Segments and cells are picked from the suggestions and shown by name; their stored codes stay out of sight.
          <span className="named-values" data-testid="value-input">
            {c.values.length ? c.values.map((v) => literalWords(lang, c.field, v)).join(lang === 'zh-CN' ? '、' : ', ') : <span className="muted small">{t('pickBelow')}</span>}
          </span>
        ) : field.type === 'boolean' ? (
          <select value={inputText(c.values[0])} onChange={(e) => pick(e.target.value)} data-testid="value-input" aria-label={t('value')}>
            <option value="">—</option>
            <option value="true">{t('yes')}</option>
            <option value="false">{t('no')}</option>
          </select>
        ) : (
          <input value={text} onChange={(e) => typed(e.target.value)} placeholder={multi ? t('valuesHint') : pair ? t('rangeHint') : field.type === 'date' ? t('dateHint') : t('value')} data-testid="value-input" aria-label={t('value')} />
        ))}
      {c.values.length > 0 && field.type === 'date' && <span className="muted small">{c.values.map((v) => literalWords(lang, c.field, v)).join(lang === 'zh-CN' ? '、' : ', ')}</span>}
      <button className="btn small ghost" onClick={() => props.onChange(update(props.tree, props.path, () => null))} aria-label={t('remove')} data-testid="remove-condition">
        ×
      </button>
      {wantsSuggestions && sug.data && !sug.loading && (
        <div className="chips suggestions" data-suggestions-for={c.field}>
          {sug.data.values?.map((v) => (
            <button key={v.value} className={`chip ${c.values.some((x) => inputText(x) === v.value) ? 'on' : ''}`} onClick={() => pick(v.value)} data-suggestion={v.value}>
              {shown(v.value)} <span className="muted">{num(lang, v.customers)}</span>
            </button>
          ))}
          {sug.data.range &&
            (['min', 'q1', 'median', 'q3', 'max'] as const).map((k) => {
              const v = sug.data!.range![k];
              const raw = typeof v === 'number' ? String(Math.round(v * 100) / 100) : v;
              return (
                <button key={k} className="chip" onClick={() => pick(raw)} data-suggestion={raw}>
                  {t(`range.${k}`)} {typeof v === 'number' ? num(lang, v, Math.abs(v) < 10 ? 2 : 0) : v}
                </button>
              );
            })}
        </div>
      )}
    </div>
  );
}
