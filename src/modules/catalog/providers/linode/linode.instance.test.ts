import { describe, expect, it } from 'vitest';
import { instanceNameOf } from '../../provisioning.types.js';
import {
  linodeCapacityReasonOf,
  linodeImageOf,
  linodeLabelOf,
  parseLinodeAvailability,
  parseLinodeOfferId,
} from './linode.instance.js';

describe('linode instance helpers', () => {
  it('keeps gpb-<podId> as the label and makes other names comply with the label rule', () => {
    expect(linodeLabelOf(instanceNameOf('pod_01JABCDEFGHJKMNPQRSTVWXYZ0'))).toBe(
      'gpb-pod_01JABCDEFGHJKMNPQRSTVWXYZ0',
    );
    expect(linodeLabelOf('9 my pod!!--x__y..z-')).toBe('my-pod-x_y.z');
    expect(linodeLabelOf(`gpb-${'a'.repeat(80)}`)).toHaveLength(64);
    expect(linodeLabelOf('a')).toBe('gpba');
  });

  it('passes Linode image ids through and defaults anything else to Ubuntu 22.04', () => {
    expect(linodeImageOf('linode/debian12')).toBe('linode/debian12');
    expect(linodeImageOf('private/12345')).toBe('private/12345');
    expect(linodeImageOf('nvidia/cuda:12.4.1-runtime-ubuntu22.04')).toBe('linode/ubuntu22.04');
    expect(linodeImageOf('ubuntu-22.04')).toBe('linode/ubuntu22.04');
  });

  it('parses the catalog offer id back into type and region', () => {
    expect(parseLinodeOfferId('g1-gpu-rtx6000-1:us-ord')).toEqual({
      type: 'g1-gpu-rtx6000-1',
      region: 'us-ord',
    });
    expect(() => parseLinodeOfferId('g1-gpu-rtx6000-1')).toThrow(/not a Linode offer id/);
    expect(() => parseLinodeOfferId('g1-gpu-rtx6000-1:')).toThrow(/not a Linode offer id/);
  });

  it('reads the availability list as an array or a page', () => {
    const item = { region: 'us-ord', plan: 'g1-gpu-rtx6000-1', available: false };
    expect(parseLinodeAvailability([item])).toEqual([item]);
    expect(parseLinodeAvailability({ data: [item], page: 1, pages: 1, results: 1 })).toEqual([item]);
  });

  it('finds a plan-not-available reason in a Linode error body and nothing else', () => {
    const body = (errors: unknown) => JSON.stringify({ errors });
    // documented shape, not recorded (reason as quoted in linode/manager#6461)
    const reason = 'There is no availability for the selected plan in the selected region';
    expect(linodeCapacityReasonOf(body([{ reason }]))).toBe(reason);
    expect(linodeCapacityReasonOf(body([{ field: 'region', reason }]))).toBe(reason);
    const typeGone = 'Linode type g1-gpu-rtx6000-2 is not available in region us-ord';
    expect(linodeCapacityReasonOf(body([{ field: 'type', reason: typeGone }]))).toBe(typeGone);
    expect(linodeCapacityReasonOf(body([{ reason: 'This plan is sold out' }]))).toBe('This plan is sold out');
    // Generic 400s, another field, not the envelope, no body.
    expect(linodeCapacityReasonOf(body([{ reason: 'Linode busy.' }]))).toBeNull();
    expect(linodeCapacityReasonOf(body([{ field: 'root_pass', reason }]))).toBeNull();
    expect(
      linodeCapacityReasonOf(body([{ field: 'type', reason: 'A valid plan type by that ID was not found' }])),
    ).toBeNull();
    expect(
      linodeCapacityReasonOf(body([{ reason: 'This region is not available for your account' }])),
    ).toBeNull();
    expect(linodeCapacityReasonOf(JSON.stringify({ reason }))).toBeNull();
    expect(linodeCapacityReasonOf('<html>')).toBeNull();
    expect(linodeCapacityReasonOf(null)).toBeNull();
  });
});
