import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';

type Json<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
type Body<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type Pod = Json<'/api/v2/config/pods/{id}', 'get', 200>;
export type PodMode = Pod['mode'];
export type Parameter = Json<'/api/v2/config/pods/{id}/parameters/{key}', 'get', 200>;
export type ParameterType = Parameter['parameter_type'];
export type AuditPage = Json<'/api/v2/config/pods/{id}/audit', 'get', 200>;
export type AuditEntry = AuditPage['items'][number];
export type AuditAction = AuditEntry['action'];
export type ValidationResult = Json<'/api/v2/config/pods/{id}/parameters/validate', 'post', 200>;
export type PathError = ValidationResult['errors'][number];
export type ImportResult = Json<'/api/v2/config/pods/{id}/import', 'post', 200>;
export type CreatePodBody = Body<'/api/v2/config/pods', 'post'>;
export type UpdatePodBody = Body<'/api/v2/config/pods/{id}', 'put'>;
export type ParameterChange = Body<'/api/v2/config/pods/{id}/parameters/validate', 'post'>['changes'][number];
export type CreateParameterBody = Body<'/api/v2/config/pods/{id}/parameters', 'post'>;
export type UpdateParameterBody = Body<'/api/v2/config/pods/{id}/parameters/{key}', 'put'>;
export type ExportFormat = 'json' | 'yaml';

const pod = (id: string) => ({ path: { id } });
const param = (id: string, key: string) => ({ path: { id, key } });

export const CONFIG_QUERY_KEY = ['admin-config'] as const;
export const podsKey = () => [...CONFIG_QUERY_KEY, 'pods'] as const;
export const podKey = (id: string) => [...CONFIG_QUERY_KEY, 'pod', id] as const;
export const parametersKey = (id: string) => [...CONFIG_QUERY_KEY, 'pod', id, 'parameters'] as const;
export const auditKey = (id: string) => [...CONFIG_QUERY_KEY, 'pod', id, 'audit'] as const;

export async function listPods(): Promise<Pod[]> {
  return (await unwrap(api.GET('/api/v2/config/pods'))).items;
}

export function getPod(id: string): Promise<Pod> {
  return unwrap(api.GET('/api/v2/config/pods/{id}', { params: pod(id) }));
}

export function createPod(body: CreatePodBody): Promise<Pod> {
  return unwrap(api.POST('/api/v2/config/pods', { body }));
}

export function updatePod(id: string, body: UpdatePodBody): Promise<Pod> {
  return unwrap(api.PUT('/api/v2/config/pods/{id}', { params: pod(id), body }));
}

export async function deletePod(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v2/config/pods/{id}', { params: pod(id) }));
}

/** To LIVE `confirm` must be the pod_id; a 422 lists the LIVE-required parameters still unset. */
export function switchMode(id: string, mode: PodMode, confirm?: string): Promise<Pod> {
  return unwrap(
    api.POST('/api/v2/config/pods/{id}/switch-mode', { params: pod(id), body: { mode, confirm } }),
  );
}

export async function listParameters(id: string): Promise<Parameter[]> {
  return (await unwrap(api.GET('/api/v2/config/pods/{id}/parameters', { params: pod(id) }))).items;
}

export function createParameter(id: string, body: CreateParameterBody): Promise<Parameter> {
  return unwrap(api.POST('/api/v2/config/pods/{id}/parameters', { params: pod(id), body }));
}

export function updateParameter(id: string, key: string, body: UpdateParameterBody): Promise<Parameter> {
  return unwrap(api.PUT('/api/v2/config/pods/{id}/parameters/{key}', { params: param(id, key), body }));
}

/** Well-known keys go back to their default; free-form keys are removed. */
export async function deleteParameter(id: string, key: string, confirm?: string): Promise<void> {
  await unwrap(
    api.DELETE('/api/v2/config/pods/{id}/parameters/{key}', {
      params: { ...param(id, key), query: { confirm } },
    }),
  );
}

/** Dry run of a change set: nothing is saved. */
export function validateChanges(id: string, changes: ParameterChange[]): Promise<ValidationResult> {
  return unwrap(
    api.POST('/api/v2/config/pods/{id}/parameters/validate', { params: pod(id), body: { changes } }),
  );
}

export interface AuditFilter {
  key?: string;
  action?: AuditAction;
  actor?: string;
}

export function listAudit(id: string, filter: AuditFilter, cursor?: string): Promise<AuditPage> {
  return unwrap(
    api.GET('/api/v2/config/pods/{id}/audit', {
      params: { ...pod(id), query: { ...filter, cursor, limit: 50 } },
    }),
  );
}

/** The export document as the server wrote it (JSON or YAML text), secrets masked. */
export function exportConfig(id: string, format: ExportFormat): Promise<Blob> {
  return unwrap(
    api.GET('/api/v2/config/pods/{id}/export', {
      params: { ...pod(id), query: { format } },
      parseAs: 'blob',
    }),
  );
}

/**
 * Sends a JSON or YAML document as pasted (the server parses both). `dryRun` validates and
 * previews only; an invalid document is a 422 listing every error, and nothing is applied.
 */
export function importConfig(
  id: string,
  document: string,
  opts: { dryRun: boolean; confirm?: string },
): Promise<ImportResult> {
  return unwrap(
    postImport('/api/v2/config/pods/{id}/import', {
      params: { ...pod(id), query: { dry_run: opts.dryRun, confirm: opts.confirm } },
      body: document,
      headers: { 'content-type': isJson(document) ? 'application/json' : 'application/yaml' },
      bodySerializer: (body) => body,
    }),
  );
}

/**
 * The import route parses JSON or YAML itself, so its OpenAPI entry declares no request body and
 * the typed `POST` accepts none: the same client method, typed with the raw text body.
 */
const postImport = api.POST as unknown as (
  path: '/api/v2/config/pods/{id}/import',
  init: {
    params: { path: { id: string }; query: { dry_run: boolean; confirm?: string } };
    body: string;
    headers: Record<string, string>;
    bodySerializer(body: string): string;
  },
) => Promise<{ data?: ImportResult; error?: unknown; response: Response }>;

function isJson(text: string): boolean {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
