import type { FieldError } from '../../platform/errors/app-error.js';
import type { Mode, ParameterType, ValidationRule } from './platform-config.tables.js';

/** Who makes a change, as the audit log records it. */
export interface Actor {
  id: string | null;
  email: string;
  requestId?: string | null;
}

export interface ParameterChange {
  key: string;
  parameterType?: ParameterType | undefined;
  /** undefined = keep; null = unset; a masked secret (`••••…`) = keep. */
  sandboxValue?: unknown;
  liveValue?: unknown;
  description?: string | null | undefined;
  validation?: ValidationRule | null | undefined;
  delete?: boolean | undefined;
}

export interface ParameterView {
  key: string;
  parameterType: ParameterType;
  description: string | null;
  sandboxValue: unknown;
  liveValue: unknown;
  effectiveValue: unknown;
  effectiveMode: Mode;
  source: 'set' | 'default';
  wellKnown: boolean;
  liveRequired: boolean;
  validation: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface ExportDocument {
  version: 1;
  pod: { pod_id: string; name: string; aws_region: string | null; feature_flags: Record<string, boolean> };
  parameters: Array<{
    key: string;
    parameter_type: ParameterType;
    description: string | null;
    sandbox_value: unknown;
    live_value: unknown;
  }>;
}

export interface ImportOutcome {
  valid: boolean;
  applied: boolean;
  errors: FieldError[];
  changes: Array<{ key: string; action: 'create' | 'update' | 'unchanged'; fields: string[] }>;
}
