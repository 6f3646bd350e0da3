import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { createConfigWrites } from './config-writes.js';
import { createParameterPlanner } from './parameter-plan.js';
import { createParametersService } from './parameters.service.js';
import type { PlatformConfigRepo } from './platform-config.repo.js';
import { createPodsService } from './pods.service.js';
import type { ModeColumn, ValueCodec } from './values.js';

export type {
  Actor,
  ExportDocument,
  ImportOutcome,
  ParameterChange,
  ParameterView,
} from './platform-config.types.js';

export interface PlatformConfigDeps {
  database: Pick<Database, 'transaction'>;
  repo: PlatformConfigRepo;
  codec: ValueCodec;
  ids: IdGenerator;
  clock: Clock;
  /** The POD this process serves (`GPUBROKER_POD_ID`). */
  currentPodId: string;
  /**
   * What the environment lacks for LIVE (e.g. a mail transport that really delivers), as
   * errors with paths under `/environment/…`; checked with the parameters before going LIVE.
   */
  liveReadiness?: () => FieldError[];
  /** After a committed change: tell every instance (hot reload) and queue secret syncs. */
  afterCommit(podId: string, changedSecrets: Array<{ key: string; column: ModeColumn }>): Promise<void>;
}

/** PODs, their typed parameters, mode switches, audit, import and export. */
export function createPlatformConfigService(deps: PlatformConfigDeps) {
  const writes = createConfigWrites(deps);
  const planner = createParameterPlanner(deps);
  return {
    ...createPodsService({ ...deps, writes }),
    ...createParametersService({ ...deps, writes, planner }),
  };
}

export type PlatformConfigService = ReturnType<typeof createPlatformConfigService>;
