/**
 * Where good customers come from (DESIGN.md §1.6: chain referral, advertising, introduction, records): per lead source
 * the conversion of leads into customers, and per acquisition channel the profit of the customers it brought in their
 * first 12 months and their mean long-term value (CLV), less the cost of acquiring them where the user gives it.
 * Sources and channels of the same name are shown on one line, so "expected value per lead" = conversion × mean CLV
 * can answer "where should the next prospecting budget go".
 */
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';

import { sqlChannelValue, sqlLeadSources } from '../sql/sources.js';

/** The name src/sql/sources.ts gives a blank source or channel. */
export const UNKNOWN_SOURCE = '(unknown)';

export interface SourceLine {
  readonly source: string;
  readonly leads: number | null;
  readonly closed: number | null;
  readonly won: number | null;
  /** won / closed (open leads are left out). */
  readonly conversion: number | null;
  /** Customers whose acquisition channel has this name. */
  readonly customers: number | null;
  /** Customers acquired at least 12 months before the as-of date, whose first 12 months are complete. */
  readonly mature: number | null;
  /** Mean profit in a customer's first 12 months (mature customers). */
  readonly profit12: number | null;
  readonly meanClv: number | null;
  /** Acquisition spend given for this source, and per customer acquired. */
  readonly cost: number | null;
  readonly costPerCustomer: number | null;
  /** Mean CLV less the cost per customer. */
  readonly netValue: number | null;
  /** conversion × mean CLV: what a lead from here is worth. */
  readonly valuePerLead: number | null;
}

export interface SourcesReport {
  readonly asOf: string;
  readonly lines: readonly SourceLine[];
  /** The source with the highest value per lead (or net value, when no lead data). */
  readonly best: string | null;
}

/** Combines lead sources and acquisition channels by name; `costs` is spend per source or channel. */
export function combineSources(
  leads: ReadonlyArray<{ source: string; leads: number; closed: number; won: number }>,
  channels: ReadonlyArray<{ channel: string; customers: number; mature: number; profit12: number | null; meanClv: number | null }>,
  costs: ReadonlyMap<string, number> = new Map(),
): { lines: SourceLine[]; best: string | null } {
  const names = [...new Set([...leads.map((l) => l.source), ...channels.map((c) => c.channel)])].sort();
  const lines = names.map((source) => {
    const l = leads.find((x) => x.source === source);
    const c = channels.find((x) => x.channel === source);
    const conversion = l && l.closed > 0 ? l.won / l.closed : null;
    const cost = costs.get(source) ?? null;
    const costPerCustomer = cost !== null && c && c.customers > 0 ? cost / c.customers : null;
    const meanClv = c?.meanClv ?? null;
    return {
      source, leads: l?.leads ?? null, closed: l?.closed ?? null, won: l?.won ?? null, conversion,
      customers: c?.customers ?? null, mature: c?.mature ?? null, profit12: c && c.mature > 0 && c.profit12 !== null ? c.profit12 / c.mature : null, meanClv,
      cost, costPerCustomer, netValue: meanClv !== null ? meanClv - (costPerCustomer ?? 0) : null,
      valuePerLead: conversion !== null && meanClv !== null ? conversion * (meanClv - (costPerCustomer ?? 0)) : null,
    };
  });
  // Only a known source can be the next budget's: '(unknown)' gathers the customers and leads whose source nobody
  // recorded (every customer of a shop export without channels), and no budget can be spent there.
  const known = lines.filter((x) => x.source !== UNKNOWN_SOURCE);
  const ranked = known.filter((x) => x.valuePerLead !== null).sort((a, b) => b.valuePerLead! - a.valuePerLead!);
  const byNet = known.filter((x) => x.netValue !== null).sort((a, b) => b.netValue! - a.netValue!);
  return { lines, best: ranked[0]?.source ?? byNet[0]?.source ?? null };
}

export async function sourcesReport(engine: Engine, asOf: string, marginRate: number | null, costs: ReadonlyMap<string, number> = new Map()): Promise<SourcesReport> {
  const leads = (await engine.query<Record<string, unknown>>(sqlLeadSources())).map((r) => ({ source: String(r.source), leads: Number(r.leads), closed: Number(r.closed), won: Number(r.won) }));
  // On a ClickHouse store each buyer's first-year margin comes from the cluster, as a JSON parameter ($3; a read
  // view, the server's, cannot write a temporary table).
  const lines = linesOf(engine);
  const firstYear = lines ? JSON.stringify(await lines.firstYearMargins(asOf, marginRate)) : null;
  const fromCluster = `(SELECT * FROM ${engine.dialect.sqlJsonRows('$3', [['customer_id', 'text'], ['margin', 'double']])} f)`;
  const channels = (await engine.query<Record<string, unknown>>(sqlChannelValue(engine.dialect, firstYear !== null ? fromCluster : null), firstYear !== null ? [asOf, marginRate, firstYear] : [asOf, marginRate])).map((r) => ({
    channel: String(r.channel), customers: Number(r.customers), mature: Number(r.mature), profit12: r.profit12 === null ? null : Number(r.profit12), meanClv: r.mean_clv === null ? null : Number(r.mean_clv),
  }));
  return { asOf, ...combineSources(leads, channels, costs) };
}
