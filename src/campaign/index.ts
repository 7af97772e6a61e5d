export { createCampaign, getCampaign, importResponses, listCampaigns, measureCampaign, measuredCurves, segmentIds, treatedList, type Campaign, type CampaignResult, type CampaignSpec, type ResponseRow } from './campaign.js';
export { assignHoldout, type Assigned, type Member } from './holdout.js';
export { difference, measure, type Difference, type Measurement, type Outcome, type Verdict } from './measure.js';
export { parseCsv, readIdList, readResponses } from './csv-list.js';
