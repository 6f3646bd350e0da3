import type { ProviderAdapter, ProviderId } from '../catalog.types.js';
import { awsAdapter } from './aws/aws.adapter.js';
import { azureAdapter } from './azure/azure.adapter.js';
import { cudoAdapter } from './cudo/cudo.adapter.js';
import { digitaloceanAdapter } from './digitalocean/digitalocean.adapter.js';
import { fluidstackAdapter } from './fluidstack/fluidstack.adapter.js';
import { gcpAdapter } from './gcp/gcp.adapter.js';
import { hyperstackAdapter } from './hyperstack/hyperstack.adapter.js';
import { ibmAdapter } from './ibm/ibm.adapter.js';
import { jarvislabsAdapter } from './jarvislabs/jarvislabs.adapter.js';
import { lambdaAdapter } from './lambda/lambda.adapter.js';
import { linodeAdapter } from './linode/linode.adapter.js';
import { ociAdapter } from './oci/oci.adapter.js';
import { ovhcloudAdapter } from './ovhcloud/ovhcloud.adapter.js';
import { paperspaceAdapter } from './paperspace/paperspace.adapter.js';
import { primeintellectAdapter } from './primeintellect/primeintellect.adapter.js';
import { runpodAdapter } from './runpod/runpod.adapter.js';
import { scalewayAdapter } from './scaleway/scaleway.adapter.js';
import { scpAdapter } from './scp/scp.adapter.js';
import { tensordockAdapter } from './tensordock/tensordock.adapter.js';
import { vastAdapter } from './vast/vast.adapter.js';
import { verdaAdapter } from './verda/verda.adapter.js';
import { vultrAdapter } from './vultr/vultr.adapter.js';

/**
 * Every provider's adapter by id. Typed by `ProviderId` (from `PROVIDER_IDS`), so a provider added to the
 * platform without an adapter here fails to compile (STYLE §11). Adapters live in `./<id>/<id>.adapter.ts`.
 */
export const PROVIDERS: Record<ProviderId, ProviderAdapter> = {
  aws: awsAdapter,
  azure: azureAdapter,
  cudo: cudoAdapter,
  digitalocean: digitaloceanAdapter,
  fluidstack: fluidstackAdapter,
  gcp: gcpAdapter,
  hyperstack: hyperstackAdapter,
  ibm: ibmAdapter,
  jarvislabs: jarvislabsAdapter,
  lambda: lambdaAdapter,
  linode: linodeAdapter,
  oci: ociAdapter,
  ovhcloud: ovhcloudAdapter,
  paperspace: paperspaceAdapter,
  primeintellect: primeintellectAdapter,
  runpod: runpodAdapter,
  scaleway: scalewayAdapter,
  scp: scpAdapter,
  tensordock: tensordockAdapter,
  vast: vastAdapter,
  verda: verdaAdapter,
  vultr: vultrAdapter,
};
