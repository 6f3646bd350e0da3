import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PodIdParam } from './platform-config.schema.js';
import type { Actor, ParameterChange, PlatformConfigService } from './platform-config.service.js';

export interface PlatformConfigRouteDeps {
  service: PlatformConfigService;
  currentPodId: string;
  /** The e-mail of a user, for the audit log. */
  emailOf(userId: string): Promise<string | null>;
}

/** What the route plugins share: the deps plus who the caller is, for audit rows. */
export interface ConfigRouteContext extends PlatformConfigRouteDeps {
  actorOf(request: FastifyRequest): Promise<Actor>;
}

export const tags = ['platform-config'];
export const admin = { auth: { roles: ['pod_admin'] as const } };
export const security = [{ bearer: [] }];
export const PodParams = Type.Object({ id: PodIdParam });

type Body = {
  parameter_type?: ParameterChange['parameterType'];
  sandbox_value?: unknown;
  live_value?: unknown;
  description?: string | null;
  validation?: ParameterChange['validation'];
};

/** A parameter change from its API body. */
export const toChange = (key: string, b: Body): ParameterChange => ({
  key,
  parameterType: b.parameter_type,
  sandboxValue: b.sandbox_value,
  liveValue: b.live_value,
  description: b.description,
  validation: b.validation,
});
