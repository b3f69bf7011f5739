export * from './crisis-resources.js';
export * from './escalation.js';
export * from './safety-plan.js';
export * from './suicide-risk-alert.js';
