export { allocateBudget, upliftOf, type Allocation, type AllocationLine, type AllocationOptions, type AllocationSegment } from './allocate.js';
export { normalizeCompany, type CompanyProfile } from './company.js';
export { loadSegmentFigures, scoreTargets, type SegmentFigures, type TargetRow } from './target.js';
export { latestScreening, rescreen, type Movement, type Screening } from './migrate.js';
export { parseSegmentAmounts, planAllocation, type AllocationRequest } from './plan.js';
