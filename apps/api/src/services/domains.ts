import {
  type DomainRow,
  findDomain,
  insertDomain,
  listDomains,
  setDefaultDomain,
  deleteDomain as storeDeleteDomain,
  updateDomain as storeUpdateDomain,
} from '@herald/db';
import { conflict, hostnameSchema, notFound, parseOrInvalid } from '@herald/domain';
import { z } from 'zod';
import type { ActivityRunner } from './activity-runner.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface DomainView {
  name: string;
  project: string;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

export function presentDomain(row: DomainRow): DomainView {
  return {
    name: row.name,
    project: row.projectId,
    is_default: row.isDefault,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const domainNameInput = z.object({ name: hostnameSchema });

/** Validates and normalizes a host name, naming the field at fault. */
function readHostname(name: string): string {
  return parseOrInvalid(domainNameInput, { name }).name;
}

function requireDomain(herald: Herald, projectId: string, name: string): DomainRow {
  const domain = findDomain(herald.db, projectId, name.trim().toLowerCase().replace(/\.$/, ''));
  if (domain === undefined) {
    throw notFound(`Domain ${name} not found in project ${projectId}; run "herald domain:list"`);
  }

  return domain;
}

export function listDomainViews(herald: Herald, projectId: string): DomainView[] {
  requireProject(herald, projectId);
  return listDomains(herald.db, projectId).map(presentDomain);
}

export function getDomainView(herald: Herald, projectId: string, name: string): DomainView {
  requireProject(herald, projectId);
  return presentDomain(requireDomain(herald, projectId, name));
}

/** `domain:add`: `project.domain.create`, a project-level activity. */
export function addDomain(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: { name: string; is_default?: boolean | undefined },
) {
  requireProject(herald, projectId);
  const name = readHostname(input.name);
  if (findDomain(herald.db, projectId, name) !== undefined) {
    throw conflict(`Domain ${name} is already in project ${projectId}`);
  }
  const first = listDomains(herald.db, projectId).length === 0;
  const isDefault = input.is_default ?? first;

  return runner.start(
    {
      project: projectId,
      type: 'project.domain.create',
      environments: [],
      description: `Added domain ${name}`,
      parameters: { domain: name, is_default: isDefault },
    },
    () => {
      if (findDomain(herald.db, projectId, name) !== undefined) {
        throw new Error(`domain ${name} was added by an earlier activity`);
      }
      const now = isoNow(herald);
      herald.db.transaction((tx) => {
        insertDomain(tx, { projectId, name, isDefault: false, createdAt: now, updatedAt: now });
        if (isDefault) setDefaultDomain(tx, projectId, name, now);
      });
      return `Domain ${name} added${isDefault ? ' as the default domain' : ''}.`;
    },
  );
}

/** `domain:update`: `project.domain.update`. */
export function updateDomain(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: { name: string; is_default: boolean },
) {
  requireProject(herald, projectId);
  const domain = requireDomain(herald, projectId, input.name);

  return runner.start(
    {
      project: projectId,
      type: 'project.domain.update',
      environments: [],
      description: `Changed domain ${domain.name}`,
      parameters: { domain: domain.name, is_default: input.is_default },
    },
    () => {
      requireDomain(herald, projectId, domain.name);
      const now = isoNow(herald);
      if (input.is_default) {
        setDefaultDomain(herald.db, projectId, domain.name, now);
      } else {
        storeUpdateDomain(herald.db, projectId, domain.name, { isDefault: false, updatedAt: now });
      }
      return `Domain ${domain.name} is ${input.is_default ? '' : 'not '}the default domain.`;
    },
  );
}

/** `domain:delete`: `project.domain.delete`. */
export function deleteDomain(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
) {
  requireProject(herald, projectId);
  const domain = requireDomain(herald, projectId, name);

  return runner.start(
    {
      project: projectId,
      type: 'project.domain.delete',
      environments: [],
      description: `Removed domain ${domain.name}`,
      parameters: { domain: domain.name },
    },
    () => {
      if (storeDeleteDomain(herald.db, projectId, domain.name) === 0) {
        throw new Error(`domain ${domain.name} was already removed`);
      }
      return `Domain ${domain.name} removed.`;
    },
  );
}
