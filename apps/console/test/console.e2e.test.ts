import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../../api/test/api-client.ts';
import {
  REPO_ROOT,
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from '../../api/test/helpers.ts';
import { type RunningConsole, startConsole } from './console-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** CI keeps this folder (see .gitignore): every page the test visits, as people saw it. */
const SCREENSHOTS = join(REPO_ROOT, '.ci-artifacts/screenshots/console');
const RECEIVER_ANSWER = 'thanks from the test receiver';
const NARROW = { width: 375, height: 812 };

function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The console test drives Debian's Chromium at ${CHROMIUM}, which is not installed. ` +
        'Install it with: apt-get update && apt-get install -y chromium',
    );
  }
}

/** The page's width, and what sticks out past `limit`, to name in a failure message. */
async function measureWidth(page: Page, limit: number): Promise<{ width: number; wide: string }> {
  return page.evaluate((max) => {
    const wide = [...document.querySelectorAll('body *:not(thead *)')]
      .filter((element) => element.getBoundingClientRect().right > max)
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName}.${element.className} "${element.textContent?.slice(0, 30)}"`,
      );
    return { width: document.documentElement.scrollWidth, wide: wide.join(', ') };
  }, limit);
}

describe('the console, driven through Chromium', () => {
  let api: TestApi;
  let receiver: Receiver;
  let consoleServer: RunningConsole;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shot = 0;
  let apiClosed = false;

  async function capture(target: Page, name: string): Promise<void> {
    shot += 1;
    const file = `${String(shot).padStart(2, '0')}-${name}.png`;
    await target.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
  }

  async function signOutAndIn(token: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel('API token').fill(token);
    await page.getByLabel('API token').press('Enter');
    await page.waitForURL('**/projects');
  }

  /** Signs a tab in with a token from the sign-in page, by keyboard. */
  async function signIn(tab: Page, token: string): Promise<void> {
    await tab.goto(`${consoleServer.url}/sign-in`);
    await tab.getByLabel('API token').fill(token);
    await tab.getByLabel('API token').press('Enter');
    await tab.waitForURL('**/projects');
  }

  async function cli(args: string[]): Promise<string> {
    const result = await api.cli(args);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  }

  beforeAll(async () => {
    requireChromium();
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });

    // The delivery SSRF guard refuses loopback unless allowed; the receiver lives there.
    api = await startTestApi({ env: { HERALD_OUTBOUND_ALLOW: '127.0.0.0/8' } });
    receiver = await startReceiver(() => ({ status: 200, body: RECEIVER_ANSWER }));
    consoleServer = await startConsole(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await consoleServer?.close();
    await receiver?.close();
    if (!apiClosed) await api?.close();
  });

  it('signs in, adds integrations by form, follows deliveries, manages tokens', async () => {
    const project = await cli(['project:create', '--title', 'Shop']);
    const at = (path: string) => `${consoleServer.url}${path}`;

    // Nothing without a token: the console sends people to sign in first.
    await page.goto(at('/projects'));
    await page.waitForURL('**/sign-in');
    await capture(page, 'sign-in');

    await page.getByLabel('API token').fill('not-a-real-token');
    await page.getByLabel('API token').press('Enter');
    await page.getByText('That token was not accepted').waitFor();
    await capture(page, 'sign-in-refused');

    await page.getByLabel('API token').fill(api.token);
    await page.getByLabel('API token').press('Enter');
    await page.waitForURL('**/projects');
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'herald_token')?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain(api.token);
    await capture(page, 'projects');

    await page.getByRole('link', { name: 'Shop' }).click();
    await page.waitForURL(`**/projects/${project}`);
    const initialize = page.getByRole('row').filter({ hasText: 'environment.initialize' });
    await initialize.getByText('success').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'main' }).first().textContent()).toContain(
      'active',
    );
    await capture(page, 'project-overview');

    // Project Settings -> Integrations: a card per type and an empty list.
    await page.getByRole('link', { name: 'Settings › Integrations' }).click();
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    await page.getByText('No integrations yet').waitFor();
    await page.getByRole('link', { name: 'Add a Webhook integration' }).waitFor();
    await capture(page, 'integrations-empty');

    await page.getByRole('link', { name: 'Add integration' }).click();
    await page.getByText('Pick the type of integration to add.').waitFor();
    await capture(page, 'add-integration-types');

    await page.getByRole('link', { name: 'Webhook', exact: true }).click();
    await page.getByRole('heading', { name: 'Add a Webhook integration' }).waitFor();
    const url = page.getByLabel('URL (required)');
    expect(await page.getByLabel('Events to report').inputValue()).toBe('*');
    expect(await page.getByLabel('States to report').inputValue()).toBe('complete');
    await capture(page, 'webhook-form');

    // A bad URL: the schema's message beside the field, and the focus on it.
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    const urlError = page.locator('#field-url-error');
    await urlError.waitFor();
    expect(await urlError.textContent()).toBe(
      'Must be a valid URL, e.g. https://example.com/hook.',
    );
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await url.getAttribute('aria-describedby')).toContain('field-url-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-url');
    await capture(page, 'webhook-form-bad-url');

    await url.fill(`${receiver.url}/hooks`);
    await page.getByLabel('Events to report').fill('environment.branch');
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    const created = page.getByRole('heading', { name: /Created integration/ });
    await created.waitFor();
    const id = (await created.textContent())?.match(/integration ([a-z2-7]{13})/)?.[1];
    expect(id).toBeDefined();
    const sharedKey = await page.locator('.secret-value').textContent();
    expect(sharedKey).toMatch(/^whsec_/);
    await capture(page, 'webhook-created');

    await page.getByRole('link', { name: 'Open the integration' }).click();
    await page.waitForURL(`**/settings/integrations/${id}`);
    await page.getByText('No deliveries yet').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(sharedKey);
    const settings = await page.locator('.facts').textContent();
    expect(settings).toContain(`${receiver.url}/hooks`);
    expect(settings).toContain('******');
    await capture(page, 'integration');

    // Something happens in the project; the page picks the delivery up by itself.
    await cli(['environment:branch', 'feature-x']);
    const [first] = await receiver.waitFor(1, 30_000);
    const delivery = page.locator('tr[data-delivery]');
    await delivery.locator('.status-code', { hasText: '200' }).waitFor();
    expect(await delivery.count()).toBe(1);
    expect(await delivery.locator('.attempts').textContent()).toBe('1');
    const row = await delivery.textContent();
    expect(row).toContain('success');
    expect(row).toContain(RECEIVER_ANSWER);
    await capture(page, 'delivery-log');

    await delivery.getByRole('button', { name: /Redeliver/ }).click();
    await delivery.getByText('Queued: it is sent again now.').waitFor();
    const requests = await receiver.waitFor(2, 30_000);
    await delivery.locator('.attempts', { hasText: '2' }).waitFor();
    expect(requests[1]?.body).toBe(first?.body);
    expect(requests[1]?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    await capture(page, 'delivery-redelivered');

    // "Send test event": one signed request, answered here, and no delivery to retry.
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('It works.').waitFor();
    const tested = await receiver.waitFor(3, 30_000);
    expect(JSON.parse(tested[2]?.body ?? '{}').description).toContain(id);
    expect(await page.locator('.test-outcome').textContent()).toContain(
      `${receiver.url}/hooks: HTTP 200`,
    );
    expect(await delivery.count()).toBe(1);
    await capture(page, 'test-event');

    await delivery.locator('td[data-label="Delivery"] a').first().click();
    await page.getByRole('heading', { name: 'Attempt 2: 200' }).waitFor();
    await capture(page, 'delivery');
    await page.goBack();

    // Edit: only the changed field is sent; the shared key stays as it was.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Webhook' }).waitFor();
    expect(await page.getByLabel('Shared key').inputValue()).toBe('');
    await page.getByLabel('Events to report').fill('environment.branch, environment.push');
    await capture(page, 'integration-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Integration ${id} (webhook) updated: events`).waitFor();
    await capture(page, 'integration-updated');

    await page.goto(at(`/projects/${project}`));
    await page
      .getByRole('row')
      .filter({ hasText: 'environment.branch' })
      .getByText('success')
      .waitFor();
    await page.getByRole('row').filter({ hasText: 'feature-x' }).first().waitFor();
    await capture(page, 'project-overview-after');

    // A Git source: its warning is confirmed first, the pull-request questions follow the
    // "Build pull requests" box, and the hook URL comes with a copy button.
    await page.goto(at(`/projects/${project}/settings/integrations`));
    await page.getByRole('link', { name: 'Add a GitHub integration' }).click();
    await page.getByRole('heading', { name: 'Add a GitHub integration' }).waitFor();
    const drafts = page.getByLabel('Build draft pull requests');
    expect(await page.getByLabel('Build pull requests', { exact: true }).isChecked()).toBe(true);
    expect(await drafts.isVisible()).toBe(true);
    await page.getByLabel('Build pull requests', { exact: true }).uncheck();
    await drafts.waitFor({ state: 'detached' });
    await page.getByLabel('Build pull requests', { exact: true }).check();
    await drafts.waitFor();
    await page.getByLabel('GitHub access token (required)').fill('ghp_console_test_token');
    await page.getByLabel('Repository (required)').fill('https://github.com/acme/shop');
    await page.getByRole('button', { name: 'Add GitHub' }).click();
    await page.locator('#field-_confirm-error').waitFor();
    await capture(page, 'github-form-unconfirmed');
    await page.getByLabel('I understand; add it anyway').check();
    await page.getByRole('button', { name: 'Add GitHub' }).click();
    const github = page.getByRole('heading', { name: /Created integration/ });
    await github.waitFor();
    const githubId = (await github.textContent())?.match(/integration ([a-z2-7]{13})/)?.[1];
    const hookUrl = `${api.url}/api/projects/${project}/integrations/${githubId}/hook`;
    expect(await page.locator('.secret-value').allTextContents()).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      hookUrl,
    ]);
    await capture(page, 'github-created');

    await page.getByRole('link', { name: 'Open the integration' }).click();
    await page.getByRole('heading', { name: 'Hook URL' }).waitFor();
    const githubSettings = await page.locator('.facts').textContent();
    expect(githubSettings).toContain('acme/shop');
    expect(githubSettings).not.toContain('ghp_console_test_token');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy the hook URL' }).click();
    await page.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hookUrl);
    await capture(page, 'github-integration');

    await page.goto(at(`/projects/${project}/settings/integrations`));
    expect(await page.getByRole('row').filter({ hasText: githubId }).textContent()).toContain(
      `Hook URL: ${hookUrl}`,
    );
    await capture(page, 'integrations');

    // Readable at 375 px: nothing wider than the screen on any page visited.
    const narrow = await browser.newContext({
      viewport: NARROW,
      storageState: await context.storageState(),
    });
    const phone = await narrow.newPage();
    const integrations = `/projects/${project}/settings/integrations`;
    for (const [name, path] of [
      ['projects', '/projects'],
      ['project-overview', `/projects/${project}`],
      ['integrations', integrations],
      ['webhook-form', `${integrations}/new?type=webhook`],
      ['integration', `${integrations}/${id}`],
      ['github-form', `${integrations}/new?type=github`],
      ['github-integration', `${integrations}/${githubId}`],
      ['tokens', '/tokens'],
      ['health-email-form', `${integrations}/new?type=health.email`],
    ] as const) {
      await phone.goto(at(path));
      await phone.locator('h1').first().waitFor();
      const { width, wide } = await measureWidth(phone, NARROW.width);
      expect(width, `${path} is ${width} px wide at 375 px: ${wide}`).toBeLessThanOrEqual(
        NARROW.width,
      );
      await capture(phone, `narrow-${name}`);
    }
    await narrow.close();

    // Delete asks first, by keyboard too: Escape keeps the integration, and the dialog
    // opens on "Keep it" so that Enter alone never deletes.
    await page.goto(at(`${integrations}/${id}`));
    const deleteButton = page.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await capture(page, 'delete-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await deleteButton.click();
    await dialog.getByRole('button', { name: 'Delete integration' }).click();
    await page.getByText(`Deleted integration ${id}.`).waitFor();
    expect(await page.getByRole('row').filter({ hasText: id }).count()).toBe(0);
    await capture(page, 'integration-deleted');

    // Tokens: the installation admin makes a viewer's token, which reads but may not change.
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Name (required)').fill('vera');
    await page.getByLabel('User', { exact: true }).fill('vera@example.com');
    await page.getByLabel('Give a role in project').selectOption(project);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByLabel('Roles per environment').fill('production');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('#token-environment_roles-error').waitFor();
    await page.getByLabel('Roles per environment').fill('');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: /Created token/ }).waitFor();
    const viewerToken = (await page.locator('.secret-value').textContent()) ?? '';
    expect(viewerToken).toMatch(/^hrld_/);
    const vera = page.locator('tr[data-token="vera"]');
    expect(await vera.textContent()).toContain(`${project}: viewer`);
    await capture(page, 'tokens');

    await signOutAndIn(viewerToken);
    await page.getByText('vera@example.com').waitFor();
    expect(await page.getByRole('link', { name: 'Tokens' }).count()).toBe(0);
    await page.goto(at(`${integrations}/${githubId}`));
    await page.getByText('Your role in this project lets you read its integrations').waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await capture(page, 'viewer-integration');

    await signOutAndIn(api.token);
    await page.goto(at('/tokens'));
    await vera.getByRole('button', { name: /Revoke/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await vera.getByText('revoked').waitFor();
    await capture(page, 'token-revoked');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel('API token').fill(viewerToken);
    await page.getByLabel('API token').press('Enter');
    await page.getByText('That token was not accepted').waitFor();
    await page.goto(at(`/projects/${project}`));
    await page.waitForURL('**/sign-in');
    expect(await page.locator('body').textContent()).not.toContain('Shop');
    await capture(page, 'signed-out');
  });

  it('makes a project, runs activities live, pages, narrows actions, hides secrets', async () => {
    const at = (path: string) => `${consoleServer.url}${path}`;
    const client: ApiClient = createApiClient(api);
    const live = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    live.setDefaultTimeout(30_000);
    const tab = await live.newPage();
    await signIn(tab, api.token);

    // A new project from the console, checked with the domain's schema, by keyboard.
    await tab.getByRole('heading', { name: 'New project' }).waitFor();
    const title = tab.getByLabel('Title (required)');
    const branch = tab.getByLabel('Default branch');
    await branch.fill('not..a branch');
    await title.focus();
    await tab.keyboard.press('Enter');
    const titleError = tab.locator('#project-title-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toBe('A title is required.');
    expect(await tab.locator('#project-default_branch-error').textContent()).toMatch(
      /^Use letters, digits/,
    );
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await title.getAttribute('aria-describedby')).toContain('project-title-error');
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe('project-title');
    await capture(tab, 'new-project-errors');

    await title.fill('Live shop');
    await branch.fill('prod');
    await branch.press('Enter');
    await tab.waitForURL(/\/projects\/[a-z2-7]+$/);
    const project = new URL(tab.url()).pathname.split('/').pop() ?? '';
    await tab.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await tab.locator('tr[data-environment="prod"]').textContent()).toContain('default');
    await capture(tab, 'new-project-overview');

    // Live: the API pushes each change and the row follows, with no reload of the page.
    await tab.locator('[data-live="live"]').waitFor();
    await tab.evaluate(() => Object.assign(window, { heraldSamePage: true }));
    const watched = await client.activity.report.mutate({
      project,
      type: 'environment.push',
      environments: ['prod'],
      state: 'pending',
      description: 'Pushed while someone watched',
    });
    const watchedRow = tab.locator(`tr[data-activity="${watched.id}"]`);
    await watchedRow.locator('.activity-state', { hasText: 'pending' }).waitFor();
    expect(await watchedRow.locator('.activity-result').textContent()).toBe('—');
    await capture(tab, 'live-activity-pending');
    await client.activity.transition.mutate({
      project,
      id: watched.id,
      state: 'in_progress',
      completion_percent: 40,
    });
    await watchedRow.locator('.activity-state', { hasText: '40%' }).waitFor();
    await client.activity.transition.mutate({
      project,
      id: watched.id,
      state: 'complete',
      result: 'success',
    });
    await watchedRow.locator('.activity-result', { hasText: 'success' }).waitFor();
    expect(await watchedRow.locator('.activity-state').textContent()).toContain('complete');
    expect(await tab.evaluate(() => 'heraldSamePage' in window)).toBe(true);
    await capture(tab, 'live-activity-complete');

    // The same on an activity's own page.
    const failing = await client.activity.report.mutate({
      project,
      type: 'environment.push',
      environments: ['prod'],
      state: 'pending',
      description: 'Watched on its own page',
    });
    await tab.goto(at(`/projects/${project}/activities/${failing.id}`));
    await tab.locator('[data-live="live"]').waitFor();
    await tab.evaluate(() => Object.assign(window, { heraldSamePage: true }));
    expect(await tab.locator('.activity-state').textContent()).toContain('pending');
    await capture(tab, 'live-activity-page-pending');
    await client.activity.transition.mutate({
      project,
      id: failing.id,
      state: 'complete',
      result: 'failure',
      log: 'The deploy hook answered no',
    });
    await tab.locator('.activity-result', { hasText: 'failure' }).waitFor();
    await tab.getByText('The deploy hook answered no').waitFor();
    expect(await tab.evaluate(() => 'heraldSamePage' in window)).toBe(true);
    await capture(tab, 'live-activity-page-complete');

    // Paging: 24 pushes make more activities and deliveries than a page shows.
    const added = await cli([
      'integration:add',
      '--type=webhook',
      `--url=${receiver.url}/paged`,
      '--events=environment.push',
      `--project=${project}`,
      '--format=csv',
    ]);
    const pagedHook = added.match(/^id,(\w+)$/m)?.[1] ?? '';
    for (let index = 1; index <= 24; index++) {
      await client.activity.report.mutate({
        project,
        type: 'environment.push',
        environments: ['prod'],
        state: 'complete',
        description: `Push ${index}`,
      });
    }
    const everything = await client.activity.list.query({ project, limit: 100 });
    await tab.goto(at(`/projects/${project}`));
    const activityRows = tab.locator('tr[data-activity]');
    const readIds = () =>
      activityRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-activity')));
    await activityRows.first().waitFor();
    const newestPage = await readIds();
    expect(newestPage).toEqual(everything.slice(0, 20).map((activity) => activity.id));
    await tab.getByRole('link', { name: 'Older →' }).focus();
    await tab.keyboard.press('Enter');
    await tab.getByRole('heading', { name: 'Earlier activities' }).waitFor();
    expect(tab.url()).toContain(`before=${newestPage.at(-1)}`);
    expect(await readIds()).toEqual(everything.slice(20).map((activity) => activity.id));
    expect(await tab.getByRole('link', { name: 'Older →' }).count()).toBe(0);
    await capture(tab, 'activities-older');
    await tab.getByRole('link', { name: '← Newer' }).click();
    await tab.getByRole('heading', { name: 'Recent activities' }).waitFor();
    expect(new URL(tab.url()).search).toBe('');
    expect(await readIds()).toEqual(newestPage);

    const deliveryPage = `/projects/${project}/settings/integrations/${pagedHook}`;
    const pagedDeliveries = await client.integration.deliveries.query({
      project,
      id: pagedHook,
      limit: 20,
    });
    const olderDeliveries = `${deliveryPage}?before=${pagedDeliveries.at(-1)?.id}`;
    await tab.goto(at(deliveryPage));
    const deliveryRows = tab.locator('tr[data-delivery]');
    await deliveryRows.first().waitFor();
    expect(await deliveryRows.count()).toBe(20);
    await capture(tab, 'deliveries-newest');
    await tab.getByRole('link', { name: 'Older →' }).focus();
    await tab.keyboard.press('Enter');
    await tab.waitForURL(/before=/);
    await tab.getByRole('link', { name: '← Newer' }).waitFor();
    expect(await deliveryRows.count()).toBe(4);
    await capture(tab, 'deliveries-older');
    await tab.getByRole('link', { name: '← Newer' }).click();
    await tab.waitForURL((url) => url.search === '');
    await tab.getByRole('link', { name: 'Older →' }).waitFor();
    expect(await deliveryRows.count()).toBe(20);

    // Roles: a contributor narrowed to feature-y, and a viewer.
    const branched = await client.environment.branch.mutate({ project, name: 'feature-y' });
    await tab.goto(at(`/projects/${project}`));
    await tab
      .locator(`tr[data-activity="${branched.id}"] .activity-result`, { hasText: 'success' })
      .waitFor();
    const cora = await client.auth.token.create.mutate({
      name: 'cora',
      user: 'cora@example.com',
      project,
      role: 'contributor',
      environment_roles: { 'feature-y': 'contributor' },
    });
    const val = await client.auth.token.create.mutate({
      name: 'val',
      user: 'val@example.com',
      project,
      role: 'viewer',
    });

    const coraContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    coraContext.setDefaultTimeout(30_000);
    const coraTab = await coraContext.newPage();
    await signIn(coraTab, cora.secret);
    expect(await coraTab.getByRole('heading', { name: 'New project' }).count()).toBe(0);
    await coraTab.goto(at(`/projects/${project}`));
    await coraTab.getByText('contributor on feature-y; viewer on prod').waitFor();
    const featureRow = coraTab.locator('tr[data-environment="feature-y"]');
    const prodRow = coraTab.locator('tr[data-environment="prod"]');
    const deactivate = featureRow.getByRole('button', { name: 'Deactivate feature-y' });
    await deactivate.waitFor();
    expect(await featureRow.getByRole('button', { name: 'Sync code feature-y' }).count()).toBe(1);
    expect(await prodRow.getByRole('button').count()).toBe(0);
    expect(await prodRow.textContent()).toContain('read only');
    await coraTab.locator('[data-live="live"]').waitFor();
    await capture(coraTab, 'contributor-overview');

    // By keyboard: the dialog opens on "Keep it active"; Tab, Enter deactivates, and the
    // activity shows up and finishes on the page by itself.
    await deactivate.focus();
    await coraTab.keyboard.press('Enter');
    await coraTab.getByRole('dialog').waitFor();
    expect(await coraTab.evaluate(() => document.activeElement?.textContent)).toBe(
      'Keep it active',
    );
    await capture(coraTab, 'contributor-deactivate-confirmation');
    await coraTab.keyboard.press('Tab');
    await coraTab.keyboard.press('Enter');
    await coraTab
      .locator('tr[data-activity]')
      .filter({ hasText: 'environment.deactivate' })
      .locator('.activity-result', { hasText: 'success' })
      .waitFor();
    // The environment's status follows once its activity finishes, again without a reload.
    await featureRow.getByRole('button', { name: 'Activate feature-y', exact: true }).waitFor();
    expect(await featureRow.textContent()).toContain('inactive');
    expect(await coraTab.getByRole('dialog').isVisible()).toBe(false);
    await capture(coraTab, 'contributor-deactivated');
    await coraTab.goto(at(`/projects/${project}/settings/integrations`));
    await coraTab.getByText('Your role in this project lets you read its integrations').waitFor();
    expect(await coraTab.getByRole('link', { name: 'Add integration' }).count()).toBe(0);
    await capture(coraTab, 'contributor-integrations');
    await coraContext.close();

    const valContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    valContext.setDefaultTimeout(30_000);
    const valTab = await valContext.newPage();
    await signIn(valTab, val.secret);
    expect(await valTab.getByRole('heading', { name: 'New project' }).count()).toBe(0);
    await capture(valTab, 'viewer-projects');
    for (const path of [`/projects/${project}`, deliveryPage, olderDeliveries]) {
      await valTab.goto(at(path));
      await valTab.locator('h1').first().waitFor();
      expect(await valTab.locator('main').getByRole('button').count(), path).toBe(0);
    }
    await valTab.goto(at(`/projects/${project}`));
    await valTab.getByText('Your role here: viewer').waitFor();
    expect(await valTab.getByText('read only').count()).toBe(2);
    await capture(valTab, 'viewer-overview');
    await valContext.close();

    // Secrets written every way a user writes them appear on no console page.
    const secrets = {
      'webhook shared key': 'console-secret-shared-key-51a9c0',
      'Slack token': 'xoxb-console-secret-slack-6b2e11',
      'GitHub token': 'ghp_consoleSecretGithubToken7c3f22',
      'sensitive variable': 'console-secret-variable-value-8d4a33',
    };
    const idOf = (csv: string) => csv.match(/^id,(\w+)$/m)?.[1] ?? '';
    const sharedHook = idOf(
      await cli([
        'integration:add',
        '--type=webhook',
        `--url=${receiver.url}/secrets`,
        '--events=*',
        '--states=pending,in_progress,complete',
        `--shared-key=${secrets['webhook shared key']}`,
        `--project=${project}`,
        '--format=csv',
      ]),
    );
    const slack = idOf(
      await cli([
        'integration:add',
        '--type=health.slack',
        `--token=${secrets['Slack token']}`,
        '--channel=#ops',
        `--project=${project}`,
        '--format=csv',
      ]),
    );
    const github = idOf(
      await cli([
        'integration:add',
        '--type=github',
        `--token=${secrets['GitHub token']}`,
        '--repository=acme/live-shop',
        `--project=${project}`,
        '--format=csv',
      ]),
    );
    await cli([
      'variable:create',
      '--name=env:CONSOLE_SECRET',
      `--value=${secrets['sensitive variable']}`,
      '--sensitive=true',
      `--project=${project}`,
    ]);
    const variableActivities = await client.activity.list.query({
      project,
      types: ['environment.variable.create'],
      limit: 10,
    });
    expect(variableActivities).toHaveLength(1);
    const sentToHook = await client.integration.deliveries.query({
      project,
      id: sharedHook,
      limit: 50,
    });
    expect(sentToHook.length).toBeGreaterThan(0);

    const settings = `/projects/${project}/settings/integrations`;
    const pages = [
      '/projects',
      `/projects/${project}`,
      `/projects/${project}/activities/${variableActivities[0]?.id}`,
      settings,
      ...[sharedHook, slack, github].flatMap((id) => [
        `${settings}/${id}`,
        `${settings}/${id}/edit`,
      ]),
      ...sentToHook.map((delivery) => `${settings}/${sharedHook}/deliveries/${delivery.id}`),
      '/tokens',
    ];
    for (const [index, path] of pages.entries()) {
      const response = await tab.goto(at(path));
      expect(response?.status(), path).toBe(200);
      await tab.locator('h1').first().waitFor();
      // What the server sent (page data for the scripts included), then the page they built.
      const served = (await response?.text()) ?? '';
      const shown = await tab.content();
      for (const [kind, secret] of Object.entries(secrets)) {
        expect(served, `the ${kind} in the HTML of ${path}`).not.toContain(secret);
        expect(shown, `the ${kind} on the page ${path}`).not.toContain(secret);
      }
      await capture(tab, `secrets-search-${String(index + 1).padStart(2, '0')}`);
    }

    // The new parts at 375 px: nothing wider than the screen.
    const narrow = await browser.newContext({
      viewport: NARROW,
      storageState: await live.storageState(),
    });
    const phone = await narrow.newPage();
    for (const [name, path] of [
      ['projects-with-form', '/projects'],
      ['live-overview', `/projects/${project}`],
      ['activities-older', `/projects/${project}?before=${newestPage.at(-1)}`],
      ['live-activity', `/projects/${project}/activities/${failing.id}`],
      ['deliveries-newest', deliveryPage],
      ['deliveries-older', olderDeliveries],
    ] as const) {
      await phone.goto(at(path));
      await phone.locator('h1').first().waitFor();
      const { width, wide } = await measureWidth(phone, NARROW.width);
      expect(width, `${path} is ${width} px wide at 375 px: ${wide}`).toBeLessThanOrEqual(
        NARROW.width,
      );
      await capture(phone, `narrow-${name}`);
    }
    await narrow.close();
    await live.close();
  });

  it('says in words when the API does not answer', async () => {
    const fresh = await browser.newContext();
    const tab = await fresh.newPage();
    await tab.goto(`${consoleServer.url}/sign-in`);
    await tab.getByLabel('API token').fill(api.token);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.waitForURL('**/projects');

    await api.close();
    apiClosed = true;
    await tab.reload();
    const alert = tab.locator('.notice-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      `Could not load your projects. The Herald API at ${api.url} is not answering`,
    );
    expect(await tab.locator('body').textContent()).not.toMatch(/\bat \S+\.(js|ts):\d+/);
    await capture(tab, 'api-down');
    await fresh.close();
  });
});
