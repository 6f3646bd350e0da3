export type { DevMailboxModule, DevMailboxWiring } from './dev-mailbox.wire.js';

import { type DevMailboxModule, type DevMailboxWiring, wireDevMailbox } from './dev-mailbox.wire.js';

/**
 * The dev mailbox (SANDBOX): lets a pod_admin read the e-mails the platform captured instead of
 * sending them (`GET /api/v2/dev/mailbox`). Where `enabled()` is false the route answers 404.
 */
export function createDevMailboxModule(deps: DevMailboxWiring): DevMailboxModule {
  return wireDevMailbox(deps);
}
