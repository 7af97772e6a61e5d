export { allocateBudget, upliftOf, type Allocation, type AllocationLine, type AllocationOptions, type AllocationSegment } from './allocate.js';
export { FOCUSES, isEmptyProfile, mergeCompany, normalizeCompany, PRICE_TIERS, SERVICE_CAPACITIES, type CompanyProfile, type Focus, type PriceTier, type ServiceCapacity } from './company.js';
export { fitComponents, fitScore, inferCompany, pricePlace, shareScore, type FitCode, type FitComponent, type FitInputs } from './fit.js';
export { fitComponentText, loadSegmentFigures, scoreTargets, targetSegments, type BasisWarning, type SegmentData, type SegmentFigures, type TargetResult, type TargetRow } from './target.js';
export { latestScreening, rescreen, type Movement, type Screening } from './migrate.js';
export { parseSegmentAmounts, planAllocation, type AllocationRequest } from './plan.js';
export { readCompany, writeCompany, type StoredCompany } from './company-store.js';
