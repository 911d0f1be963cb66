export * from './errors.js';
export type * from './ports.js';
