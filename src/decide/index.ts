export { bigCustomerRisk, bigCustomerSignals, concentration, DEFAULT_CONCENTRATION, type BigCustomer, type BigCustomerRisk, type Concentration, type ConcentrationOptions, type SignalInputs } from './concentration.js';
export { combineSources, sourcesReport, type SourceLine, type SourcesReport } from './sources.js';
export { lifecycleOf, lifecycleReport, STAGE_ZH, type LifecycleReport } from './lifecycle.js';
export { accountContacts, accountsReport, type AccountLine, type AccountsReport, type Contact } from './accounts.js';
export { ACTION, funnelOf, stageFunnels, STAGES, type Funnel, type Stage } from './stages.js';
