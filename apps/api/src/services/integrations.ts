import {
  findIntegration,
  type IntegrationRow,
  insertIntegration,
  listIntegrations,
  deleteIntegration as storeDeleteIntegration,
  updateIntegration as storeUpdateIntegration,
} from '@herald/db';
import {
  findIntegrationType,
  generateId,
  INTEGRATION_TYPE_NAMES,
  type IntegrationTypeSpec,
  invalid,
  MASK,
  notFound,
  parseOrInvalid,
  secretFieldNames,
} from '@herald/domain';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface IntegrationView {
  id: string;
  type: string;
  project: string;
  enabled: boolean;
  disabled_reason: string | null;
  summary: string;
  created_at: string;
  updated_at: string;
  /** The type's settings; secrets show as `******`. */
  settings: Record<string, unknown>;
  /** A Git source's hook URL, to paste into the provider's webhook settings. */
  hook_url?: string;
}

/** Where a Git source's provider sends its hooks (ARCHITECTURE.md, "Provider hooks"). */
export function hookUrlOf(herald: Herald, row: Pick<IntegrationRow, 'id' | 'projectId'>): string {
  const base = herald.config.publicUrl.replace(/\/+$/, '');
  const project = encodeURIComponent(row.projectId);
  return `${base}/api/projects/${project}/integrations/${encodeURIComponent(row.id)}/hook`;
}

export function presentIntegration(herald: Herald, row: IntegrationRow): IntegrationView {
  const spec = requireType(row.type);
  const hookUrl = spec.receivesHooks ? hookUrlOf(herald, row) : null;
  const settings: Record<string, unknown> = { ...row.config };
  for (const name of secretFieldNames(spec)) {
    if (row.secrets[name] !== undefined) {
      settings[name] = MASK;
    }
  }

  return {
    id: row.id,
    type: row.type,
    project: row.projectId,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    summary: spec.summarize(row.config, { hookUrl }),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    settings,
    ...(hookUrl === null ? {} : { hook_url: hookUrl }),
  };
}

function requireType(type: string): IntegrationTypeSpec {
  const spec = findIntegrationType(type);
  if (spec === undefined) {
    throw invalid(
      `Unknown integration type "${type}"; use one of: ${INTEGRATION_TYPE_NAMES.join(', ')}`,
      [{ field: 'type', message: `must be one of ${INTEGRATION_TYPE_NAMES.join(', ')}` }],
    );
  }

  return spec;
}

/** Splits validated settings into what may be shown and what is write-only. */
function splitSecrets(spec: IntegrationTypeSpec, settings: Record<string, unknown>) {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  const secretNames = new Set(secretFieldNames(spec));
  for (const [name, value] of Object.entries(settings)) {
    if (secretNames.has(name)) {
      if (typeof value === 'string') secrets[name] = value;
    } else if (value !== undefined) {
      config[name] = value;
    }
  }

  return { config, secrets };
}

export interface CreatedIntegration {
  integration: IntegrationView;
  /** Secrets Herald made for this integration, shown this once and never again. */
  generated_secrets: Record<string, string>;
}

export function createIntegration(
  herald: Herald,
  projectId: string,
  input: { type: string; settings: Record<string, unknown> },
): CreatedIntegration {
  requireProject(herald, projectId);
  const spec = requireType(input.type);
  const settings = parseOrInvalid(spec.schema, input.settings) as Record<string, unknown>;
  const { config, secrets } = splitSecrets(spec, settings);

  const generated: Record<string, string> = {};
  for (const [name, generate] of Object.entries(spec.generatedSecrets ?? {})) {
    if (secrets[name] === undefined) {
      generated[name] = generate();
      secrets[name] = generated[name];
    }
  }

  const now = isoNow(herald);
  const row: IntegrationRow = {
    id: generateId(),
    projectId,
    type: spec.type,
    config,
    secrets,
    enabled: true,
    disabledReason: null,
    failingSince: null,
    retiringSecrets: {},
    createdAt: now,
    updatedAt: now,
  };
  insertIntegration(herald.db, row);
  herald.logger.info({ integration_id: row.id, type: row.type }, 'integration created');

  return { integration: presentIntegration(herald, row), generated_secrets: generated };
}

export function listIntegrationViews(herald: Herald, projectId: string): IntegrationView[] {
  requireProject(herald, projectId);
  return listIntegrations(herald.db, projectId).map((row) => presentIntegration(herald, row));
}

export function requireIntegration(herald: Herald, projectId: string, id: string): IntegrationRow {
  const row = findIntegration(herald.db, projectId, id);
  if (row === undefined) {
    throw notFound(`Integration ${id} not found in project ${projectId}`);
  }

  return row;
}

/**
 * Applies a partial change: the new settings are the old ones with the given fields replaced,
 * validated as a whole. A secret left out is kept; an update re-enables a disabled integration.
 */
export function updateIntegration(
  herald: Herald,
  projectId: string,
  id: string,
  changes: Record<string, unknown>,
): { integration: IntegrationView; changed: string[] } {
  const row = requireIntegration(herald, projectId, id);
  const spec = requireType(row.type);
  const merged = { ...row.config, ...row.secrets, ...changes };
  const settings = parseOrInvalid(spec.schema, merged) as Record<string, unknown>;
  const { config, secrets } = splitSecrets(spec, settings);

  const changed = Object.keys(changes).filter(
    (name) =>
      JSON.stringify(settings[name]) !== JSON.stringify(row.config[name] ?? row.secrets[name]),
  );
  if (changed.length === 0 && row.enabled) {
    return { integration: presentIntegration(herald, row), changed };
  }

  const next: IntegrationRow = {
    ...row,
    config,
    secrets,
    enabled: true,
    disabledReason: null,
    // A changed or re-enabled integration starts its 5-day failure count afresh.
    failingSince: null,
    updatedAt: isoNow(herald),
  };
  storeUpdateIntegration(herald.db, row.id, next);
  herald.logger.info({ integration_id: row.id, changed }, 'integration updated');

  return { integration: presentIntegration(herald, next), changed };
}

export function deleteIntegration(herald: Herald, projectId: string, id: string): void {
  const row = requireIntegration(herald, projectId, id);
  storeDeleteIntegration(herald.db, row.id);
  herald.logger.info({ integration_id: row.id }, 'integration deleted');
}
