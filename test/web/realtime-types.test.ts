import { describe, expect, it } from 'vitest';
import type * as Server from '../../src/modules/realtime/index.js';
import type * as Web from '../../web/src/lib/realtime/realtime.types.js';

// The web app mirrors the wire types (it does not import server code). These assignments fail
// `npm run typecheck` when either side changes without the other.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;

describe('web realtime types', () => {
  it('match the server’s events, client messages and close codes', () => {
    expect(same<Web.OfferPriceEvent, Server.OfferPriceEvent>(true)).toBe(true);
    expect(same<Web.PodStatusEvent, Server.PodStatusEvent>(true)).toBe(true);
    expect(same<Web.ProviderStatusEvent, Server.ProviderStatusEvent>(true)).toBe(true);
    expect(same<Web.SystemNotificationEvent, Server.SystemNotificationEvent>(true)).toBe(true);
    expect(same<Web.ChannelName, Server.ChannelName>(true)).toBe(true);
    expect(same<Web.ClientMessage, Server.ClientMessage>(true)).toBe(true);
    expect(same<typeof Web.CLOSE, typeof Server.CLOSE>(true)).toBe(true);
  });
});
