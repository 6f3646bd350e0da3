export * from './offer-index.js';
