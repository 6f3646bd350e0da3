import { describe, expect, it } from 'vitest';
import { isActive, POD_STATUSES, type PodEvent, type PodStatus, transition } from './pod-state.js';

const EVENTS: PodEvent[] = [
  'provision',
  'fail_over',
  'instance_ready',
  'activate',
  'stop',
  'start',
  'terminate',
  'fail',
];

// Every allowed move, written out from API.md § Pods; everything else must be refused.
const ALLOWED: Array<[PodStatus, PodEvent, PodStatus]> = [
  ['pending', 'provision', 'provisioning'],
  ['provisioning', 'fail_over', 'provisioning'],
  ['provisioning', 'instance_ready', 'ready'],
  ['ready', 'activate', 'running'],
  ['running', 'stop', 'stopped'],
  ['stopped', 'start', 'running'],
  ['pending', 'terminate', 'terminated'],
  ['provisioning', 'terminate', 'terminated'],
  ['ready', 'terminate', 'terminated'],
  ['running', 'terminate', 'terminated'],
  ['stopped', 'terminate', 'terminated'],
  ['failed', 'terminate', 'terminated'],
  ['pending', 'fail', 'failed'],
  ['provisioning', 'fail', 'failed'],
  ['ready', 'fail', 'failed'],
];

describe('pod state machine', () => {
  it.each(POD_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e] as const)))('%s + %s', (from, event) => {
    const allowed = ALLOWED.find(([f, e]) => f === from && e === event);
    const result = transition(from, event);
    if (allowed) expect(result).toEqual({ ok: true, to: allowed[2] });
    else expect(result).toEqual({ ok: false, reason: expect.stringContaining(`is ${from}`) });
  });

  it('never leaves terminated, and fails only before running', () => {
    for (const e of EVENTS) expect(transition('terminated', e).ok).toBe(false);
    for (const s of ['running', 'stopped', 'terminated', 'failed'] as const)
      expect(transition(s, 'fail').ok).toBe(false);
  });

  it('says why in words a user can read', () => {
    expect(transition('terminated', 'start')).toEqual({
      ok: false,
      reason: 'cannot start a pod that is terminated',
    });
    expect(transition('running', 'instance_ready')).toEqual({
      ok: false,
      reason: 'cannot mark ready a pod that is running',
    });
  });

  it('counts every pod that is not over as active (plan limits)', () => {
    expect(POD_STATUSES.filter(isActive)).toEqual(['pending', 'provisioning', 'ready', 'running', 'stopped']);
  });
});
