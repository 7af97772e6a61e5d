import * as echarts from 'echarts';

/**
 * Charts rendered to SVG on the server with Apache ECharts' SSR renderer: the report opens offline, with no script.
 * Each function returns an SVG string; `figure()` wraps it with a title and the data size, which tests read.
 */

const PALETTE = ['#1f5fa8', '#e07b39', '#3a9d5d', '#c23b3b', '#7b5ea7', '#8c6d31', '#2b8c9e', '#d4a017'];
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif";

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** How many data points the chart draws; 0 means it has nothing to show. */
  readonly points: number;
  readonly caption?: string;
}

/** Cumulative % of profit (y) against cumulative % of customers (x), with the 100% line and the peak marked. */
export function whaleChart(curve: ReadonlyArray<readonly [number, number]>, labels: { x: string; y: string; peak: string }, peak?: { x: number; y: number }): string {
  return render(
    {
      grid: { left: 60, right: 24, top: 24, bottom: 48 },
      xAxis: { type: 'value', min: 0, max: 100, name: labels.x, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'value', name: labels.y, nameLocation: 'middle', nameGap: 44, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          data: curve.map(([x, y]) => [x, y]),
          showSymbol: false,
          lineStyle: { width: 3 },
          areaStyle: { opacity: 0.08 },
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#888' }, data: [{ yAxis: 100 }, { xAxis: 20 }] },
          ...(peak ? { markPoint: { symbol: 'circle', symbolSize: 10, label: { show: true, position: 'top', formatter: `${labels.peak} ${peak.y.toFixed(0)}%` }, data: [{ coord: [peak.x, peak.y] }] } } : {}),
        },
      ],
    },
    640,
    360,
  );
}

/** Vertical bars; negative values in red. */
export function barChart(categories: readonly string[], values: readonly number[], labels: { y: string; format?: (v: number) => string }, options: { horizontal?: boolean; width?: number; height?: number } = {}): string {
  const data = values.map((v) => ({ value: Math.round(v * 100) / 100, itemStyle: { color: v < 0 ? '#c23b3b' : PALETTE[0] } }));
  const cat = { type: 'category' as const, data: [...categories], axisLabel: { interval: 0, fontSize: 11 } };
  const val = { type: 'value' as const, name: labels.y, nameLocation: 'middle' as const, nameGap: 56, ...(labels.format ? { axisLabel: { formatter: labels.format } } : {}) };
  return render(
    {
      grid: { left: options.horizontal ? 140 : 72, right: 24, top: 24, bottom: 40 },
      xAxis: options.horizontal ? val : cat,
      yAxis: options.horizontal ? { ...cat, inverse: true } : val,
      series: [{ type: 'bar', data, barMaxWidth: 36 }],
    },
    options.width ?? 640,
    options.height ?? 320,
  );
}

/** A grid of counts, e.g. RFM recency (x) × frequency (y). */
export function heatmap(xs: readonly string[], ys: readonly string[], cells: ReadonlyArray<readonly [number, number, number]>, labels: { x: string; y: string }): string {
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return render(
    {
      grid: { left: 64, right: 72, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: [...xs], name: labels.x, nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
      yAxis: { type: 'category', data: [...ys], name: labels.y, nameLocation: 'middle', nameGap: 40, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: false, orient: 'vertical', right: 0, top: 'middle', itemHeight: 160, inRange: { color: ['#f2f6fb', '#9ec1e6', '#1f5fa8'] } },
      series: [{ type: 'heatmap', data: cells.map((c) => [...c]), label: { show: true, fontSize: 11 } }],
    },
    520,
    420,
  );
}

export interface QuadrantCell {
  /** 0 = low, 1 = high on each axis. */
  readonly x: 0 | 1;
  readonly y: 0 | 1;
  readonly label: string;
  readonly customers: number;
  readonly value: number;
}

/** A 2×2 matrix: bubble area ∝ customers, with each cell's name, count and value; low/high marked on both axes. */
export function quadrantChart(cells: readonly QuadrantCell[], labels: { x: string; y: string; low: string; high: string; valueLabel: string; format?: (v: number) => string }): string {
  const fmt = labels.format ?? ((v: number) => Math.round(v).toLocaleString('en-US'));
  const max = Math.max(1, ...cells.map((c) => c.customers));
  const axis = (name: string, gap: number) => ({
    type: 'value' as const,
    min: 0,
    max: 2,
    interval: 0.5,
    name,
    nameLocation: 'middle' as const,
    nameGap: gap,
    nameTextStyle: { fontWeight: 'bold' as const },
    axisLabel: { formatter: (v: number) => (v === 0.5 ? labels.low : v === 1.5 ? labels.high : ''), color: '#5b6b7c' },
    axisTick: { show: false },
    splitLine: { show: false },
  });
  return render(
    {
      grid: { left: 56, right: 16, top: 12, bottom: 48 },
      xAxis: axis(labels.x, 28),
      yAxis: { ...axis(labels.y, 36), axisLabel: { ...axis('', 0).axisLabel, rotate: 90 } },
      series: [
        {
          type: 'scatter',
          data: cells.map((c) => ({ value: [c.x + 0.5, c.y + 0.5], symbolSize: 24 + 84 * Math.sqrt(c.customers / max), name: c.label, customers: c.customers, v: c.value })),
          label: {
            show: true,
            position: 'inside',
            color: '#0d1b2a',
            fontSize: 12,
            lineHeight: 16,
            formatter: (p: { data: { name: string; customers: number; v: number } }) => `{b|${p.data.name}}\n${p.data.customers.toLocaleString('en-US')}\n${labels.valueLabel} ${fmt(p.data.v)}`,
            rich: { b: { fontWeight: 'bold', fontSize: 12 } },
          },
          // A translucent fill, not item opacity: ECharts fades the labels with the item.
          itemStyle: { color: 'rgba(31, 95, 168, 0.28)', borderColor: 'rgba(31, 95, 168, 0.6)' },
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#9aa7b4', type: 'solid' }, label: { show: false }, data: [{ xAxis: 1 }, { yAxis: 1 }] },
        },
      ],
    },
    460,
    400,
  );
}

/** Lines over a shared x axis, e.g. predicted and actual cumulative purchases per week. */
export function lineChart(xs: readonly (string | number)[], series: ReadonlyArray<{ name: string; values: readonly number[]; dashed?: boolean }>, labels: { x: string; y: string }, marker?: { x: string | number; label: string }): string {
  return render(
    {
      grid: { left: 64, right: 24, top: 36, bottom: 48 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: xs.map(String), name: labels.x, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: labels.y, nameLocation: 'middle', nameGap: 48 },
      series: series.map((s, i) => ({
        type: 'line',
        name: s.name,
        data: [...s.values],
        showSymbol: false,
        lineStyle: { width: 2.5, type: s.dashed ? 'dashed' : 'solid' },
        ...(marker && i === 0 ? { markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dotted', color: '#666' }, label: { formatter: marker.label, position: 'insideEndTop' }, data: [{ xAxis: String(marker.x) }] } } : {}),
      })),
    },
    640,
    340,
  );
}

/** Grouped bars, e.g. predicted and actual holdout purchases by calibration frequency. */
export function groupedBarChart(categories: readonly string[], series: ReadonlyArray<{ name: string; values: readonly number[] }>, labels: { x: string; y: string }): string {
  return render(
    {
      grid: { left: 64, right: 24, top: 36, bottom: 48 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: [...categories], name: labels.x, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: labels.y, nameLocation: 'middle', nameGap: 48 },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values.map((v) => Math.round(v * 1000) / 1000), barMaxWidth: 28 })),
    },
    640,
    340,
  );
}

/** Flows from left nodes to right nodes, e.g. customers moving between segments from one date to another. */
export function sankeyChart(links: ReadonlyArray<{ from: string; to: string; value: number }>, labels: { left: string; right: string; wide?: boolean }): string {
  // Chinese text takes full-width parentheses.
  const [open, close] = labels.wide ? ['（', '）'] : [' (', ')'];
  const L = (n: string) => `${n}${open}${labels.left}${close}`;
  const R = (n: string) => `${n}${open}${labels.right}${close}`;
  const names = [...new Set(links.flatMap((l) => [L(l.from), R(l.to)]))];
  return render(
    {
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 150,
          top: 8,
          bottom: 8,
          nodeGap: 6,
          data: names.map((name) => ({ name })),
          links: links.filter((l) => l.value > 0).map((l) => ({ source: L(l.from), target: R(l.to), value: l.value })),
          lineStyle: { color: 'gradient', opacity: 0.35 },
          label: { fontSize: 11 },
        },
      ],
    },
    640,
    460,
  );
}

/** Segments placed by attractiveness (x) and fit (y), 0–100, bubble area ∝ customers; targets in a stronger colour. */
export function targetGrid(points: ReadonlyArray<{ name: string; x: number; y: number; size: number; target: boolean }>, labels: { x: string; y: string }): string {
  const max = Math.max(1, ...points.map((p) => p.size));
  return render(
    {
      grid: { left: 56, right: 24, top: 16, bottom: 48 },
      xAxis: { type: 'value', min: 0, max: 100, name: labels.x, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', min: 0, max: 100, name: labels.y, nameLocation: 'middle', nameGap: 36 },
      series: [
        {
          type: 'scatter',
          data: points.map((p) => ({ value: [p.x, p.y], name: p.name, symbolSize: 10 + 40 * Math.sqrt(p.size / max), itemStyle: { color: p.target ? 'rgba(47, 138, 80, 0.7)' : 'rgba(91, 107, 124, 0.4)' } })),
          label: { show: true, position: 'top', formatter: (p: { name: string }) => p.name, fontSize: 11, color: '#1d2733' },
          labelLayout: { hideOverlap: true },
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#9aa7b4' }, label: { show: false }, data: [{ xAxis: 50 }, { yAxis: 50 }] },
        },
      ],
    },
    640,
    420,
  );
}

/** Horizontal stacked bars, e.g. each referrer's chain profit from direct and indirect referrals; largest on top. */
export function stackedBarChart(categories: readonly string[], series: ReadonlyArray<{ name: string; values: readonly number[] }>, labels: { x: string; format?: (v: number) => string }, options: { width?: number; height?: number } = {}): string {
  return render(
    {
      grid: { left: 150, right: 32, top: 36, bottom: 48 },
      legend: { top: 0 },
      xAxis: { type: 'value', name: labels.x, nameLocation: 'middle', nameGap: 28, ...(labels.format ? { axisLabel: { formatter: labels.format } } : {}) },
      yAxis: { type: 'category', data: [...categories], inverse: true, axisLabel: { interval: 0, fontSize: 11 } },
      series: series.map((s) => ({ type: 'bar', name: s.name, stack: 'total', data: s.values.map((v) => Math.round(v * 100) / 100), barMaxWidth: 28 })),
    },
    options.width ?? 640,
    options.height ?? Math.max(240, 80 + 28 * categories.length),
  );
}
