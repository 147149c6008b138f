export { figuresKey, figuresOf, partnerFiguresLoader } from './performance-figures.service';
export { PeriodInput } from './performance.input';
export { LOST, WON, periodBounds, validatePeriod, within } from './performance.rules';
export type { PerformanceFigures, Period } from './performance.rules';
export { partnerDealsLoader } from './performance.service';
export { convertArg, type ConvertInput } from './performance.convert';
