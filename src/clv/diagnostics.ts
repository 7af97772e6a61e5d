/**
 * Plain words, in English and 简体中文, for what a fit's diagnostics mean and what to try instead. Every output of a
 * fit (CLI table, JSON, API, report) carries these, so a boundary fit never passes as a regular one.
 */
import type { FitDiagnostic } from './fit.js';

export interface DiagnosticText {
  readonly en: string;
  readonly zh: string;
}

export interface ExplainedDiagnostic {
  readonly diagnostic: FitDiagnostic;
  readonly meaning: DiagnosticText;
  readonly tryInstead: DiagnosticText;
}

/** The parameters that carry dropout, by model: when one is at a boundary, P(alive) is not informative. */
const DROPOUT: Readonly<Record<string, readonly string[]>> = {
  bgnbd: ['a', 'b'],
  mbgnbd: ['a', 'b'],
  'pareto-nbd': ['s', 'beta'],
};

/** True when the fit's dropout process is not identified: its P(alive) must not rank churn. */
export function dropoutUnidentified(model: string, diagnostics: readonly FitDiagnostic[]): boolean {
  const dropout = DROPOUT[model] ?? [];
  return diagnostics.some((d) => d.kind === 'boundary' && dropout.includes(d.parameter));
}

/** True when the estimates are fit for use as they stand (no diagnostic at all). */
export function isRegularFit(diagnostics: readonly FitDiagnostic[] | null | undefined): boolean {
  return !diagnostics || diagnostics.length === 0;
}

const OTHER_MODELS: DiagnosticText = {
  en: 'try another model, a longer calibration period, or learn churn from outcomes (clientele churn --learn)',
  zh: '可换用其他模型、延长校准期，或从实际流失结果学习（clientele churn --learn）',
};

export function explainDiagnostic(model: string, d: FitDiagnostic): ExplainedDiagnostic {
  if (d.kind === 'boundary') {
    const dropout = (DROPOUT[model] ?? []).includes(d.parameter);
    const where = d.toward === 'zero' ? { en: 'towards 0', zh: '趋向 0' } : { en: 'towards infinity', zh: '趋向无穷大' };
    if (model === 'sbg' && d.toward === 'infinity') {
      return {
        diagnostic: d,
        meaning: {
          en: `${d.parameter} runs towards infinity: the customers of this cohort look alike in their chance of renewing, so the fit cannot tell how retention changes with tenure; projections and DERL are not given`,
          zh: `参数 ${d.parameter} 趋向无穷大：该客户群的续约概率看起来相同，拟合无法判断留存率如何随在网时长变化；因此不给出预测和 DERL`,
        },
        tryInstead: { en: 'fit larger cohorts (--by all or --by plan) or wait for more renewals', zh: '可拟合更大的客户群（--by all 或 --by plan），或等待更多续约数据' },
      };
    }
    if (dropout) {
      return {
        diagnostic: d,
        meaning: {
          en: `${d.parameter} runs ${where.en}: the data show no dropout, so P(alive) is close to 1 for everyone and says nothing about who has left; expected purchases assume nobody leaves`,
          zh: `参数 ${d.parameter} ${where.zh}：数据中看不出客户流失，因此每位客户的存活概率 P(alive) 都接近 1，无法说明谁已流失；预期购买次数假定无人流失`,
        },
        tryInstead: OTHER_MODELS,
      };
    }
    return {
      diagnostic: d,
      meaning: {
        en: `${d.parameter} runs ${where.en}: the data do not identify it, and predictions that depend on it are unreliable`,
        zh: `参数 ${d.parameter} ${where.zh}：数据无法确定它，依赖它的预测不可靠`,
      },
      tryInstead: { en: 'try another model or more data (a longer calibration period)', zh: '可换用其他模型或使用更多数据（延长校准期）' },
    };
  }
  if (d.kind === 'singular-hessian') {
    return {
      diagnostic: d,
      meaning: {
        en: 'the likelihood is flat in some direction (singular Hessian): the estimates have no standard errors',
        zh: '似然函数在某个方向上是平的（Hessian 矩阵奇异）：估计值没有标准误',
      },
      tryInstead: OTHER_MODELS,
    };
  }
  return {
    diagnostic: d,
    meaning:
      d.limit === 'time'
        ? { en: 'the fit ran out of time: the estimates are the best point found so far, not a converged optimum', zh: '拟合超时：估计值是目前找到的最佳点，并未收敛' }
        : { en: 'the fit reached its iteration limit: the estimates are the best point found so far, not a converged optimum', zh: '拟合达到迭代次数上限：估计值是目前找到的最佳点，并未收敛' },
    tryInstead: { en: 'try another model or a coarser time unit (--time-unit week or month)', zh: '可换用其他模型或更粗的时间单位（--time-unit week 或 month）' },
  };
}

export function explainDiagnostics(model: string, ds: readonly FitDiagnostic[]): ExplainedDiagnostic[] {
  return ds.map((d) => explainDiagnostic(model, d));
}

/** Reads the stored JSON (NULL for fits saved before diagnostics existed: treated as none recorded). */
export function parseDiagnostics(json: unknown): FitDiagnostic[] {
  if (json === null || json === undefined) return [];
  const v = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  return Array.isArray(v) ? (v as FitDiagnostic[]) : [];
}
