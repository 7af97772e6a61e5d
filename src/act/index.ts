export { scoreLeads, type LeadScoreOptions, type LeadScoreResult } from './leads.js';
export { fitLogistic, predictLogistic, type LogisticModel } from './logistic.js';
export { auc, brier, calibration } from './metrics.js';
