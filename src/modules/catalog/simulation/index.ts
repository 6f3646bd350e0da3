export { DEFAULT_DRIFT, type DriftShape, driftOffer, SIM_BUCKET_MS } from './offer-drift.js';
export {
  createSimulatedAdapter,
  type SimulatedAdapterDeps,
  type SimulationFaults,
} from './simulated-adapter.js';
