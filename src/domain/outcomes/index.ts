export * from './outcome-settings.js';
export * from './outcomes.js';
export * from './clinic-shares.js';
export * from './first-treatment.js';
