/** One palette for the whole dashboard, so a segment or a sign has the same colour on every page. */

export const C = {
  primary: '#3b5bdb',
  primarySoft: '#dbe4ff',
  positive: '#2b8a3e',
  negative: '#c92a2a',
  warning: '#e8590c',
  ink: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  surface: '#ffffff',
} as const;

/** RFM segments, from the best (greens) through attention (ambers) to the lost (greys). */
export const SEGMENT_COLOURS: Record<string, string> = {
  Champions: '#2b8a3e',
  Loyal: '#40c057',
  'Potential Loyalist': '#12b886',
  New: '#4c6ef5',
  Promising: '#74c0fc',
  'Need Attention': '#fab005',
  'About to Sleep': '#fd7e14',
  'At Risk': '#e8590c',
  "Can't Lose": '#c92a2a',
  Hibernating: '#868e96',
  Lost: '#495057',
  'No Purchase': '#ced4da',
};

export const segmentColour = (s: string | null | undefined): string => (s ? (SEGMENT_COLOURS[s] ?? C.muted) : C.muted);

/** Matrix cells: the valuable corner green, the overlooked-potential corner blue, the rest amber and grey. */
export const CELL_COLOURS: Record<string, string> = {
  IV: '#2b8a3e',
  II: '#4c6ef5',
  III: '#fab005',
  I: '#adb5bd',
  core: '#2b8a3e',
  at_risk_of_leaving: '#e8590c',
  active_small: '#4c6ef5',
  small_price_sensitive: '#adb5bd',
  apostle: '#2b8a3e',
  mercenary: '#fab005',
  hostage: '#4c6ef5',
  defector: '#c92a2a',
};

/** The font stack: system fonts only (nothing is downloaded), Noto Sans CJK for Chinese on Linux. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
