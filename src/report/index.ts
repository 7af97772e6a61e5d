export { renderReport } from './render.js';
export { loadReportExtras, type ReportData, type CustomerLine, type ClvCheck } from './data.js';
export { advice } from './advice.js';
export { isLang, type Lang } from './i18n.js';
export { openInBrowser, type BrowserPage } from './browser.js';
export { referralFigure, referralSection } from './referrals.js';
export { decideSections, loadDecideReport, type DecideReport } from './decide.js';
