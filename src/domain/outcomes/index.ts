export * from './outcome-settings.js';
export * from './outcomes.js';
