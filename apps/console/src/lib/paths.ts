/** The console's URLs in one place, so links and redirects cannot drift apart. */

const segment = encodeURIComponent;

export const projectsPath = () => '/projects';

export const projectPath = (project: string) => `/projects/${segment(project)}`;

export const activityPath = (project: string, activity: string) =>
  `${projectPath(project)}/activities/${segment(activity)}`;

export const integrationsPath = (project: string) =>
  `${projectPath(project)}/settings/integrations`;

export const newIntegrationPath = (project: string, type?: string) =>
  `${integrationsPath(project)}/new${type ? `?type=${segment(type)}` : ''}`;

export const integrationPath = (project: string, id: string) =>
  `${integrationsPath(project)}/${segment(id)}`;

export const editIntegrationPath = (project: string, id: string) =>
  `${integrationPath(project, id)}/edit`;

export const deliveryPath = (project: string, id: string, delivery: string) =>
  `${integrationPath(project, id)}/deliveries/${segment(delivery)}`;

export const tokensPath = () => '/tokens';
