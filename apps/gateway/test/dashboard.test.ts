// The operator dashboard in real Chromium: sign in with the admin token (in a form body, never a
// URL), follow a Telegram message from arrival to delivered reply, act on jobs and identities —
// and the attacks it must refuse: no credential, a forged form without the CSRF token or from
// another origin, and markup in a message that must stay text. Screenshots for docs/gateway.md
// land in test-results/screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/daemon/gateway.js';
import { enqueueJob, getJob } from '../src/queue/jobs.js';
import { AuditType, listAudit } from '../src/store/audit.js';
import { findIdentity, upsertIdentity } from '../src/store/identities.js';
import { startFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';
import { REPO_ROOT, tempDir, token, waitFor } from './support/harness.js';
import { recordingLogger, startTelegramGateway } from './support/telegram-gateway.js';

const ADMIN = token();
const USER = 801;
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env['OPEN_COWORK_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';

let model: ScriptedModel;
let fake: FakeTelegram;
let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let page: Page;
const requestedUrls: string[] = [];
const dialogs: string[] = [];
const dir = tempDir('gateway-dashboard-');

const shot = async (name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `gateway-dashboard-${name}.png`), fullPage: true });
};

beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'echo', match: {}, reply: (c) => ({ text: `**Noted.** You wrote: ${c.lastUserText}` }) }] });
  fake = await startFakeTelegram();
  gateway = await startTelegramGateway({
    dataDir: `${dir.path}/data`,
    cwd: dir.path,
    modelUrl: model.url,
    apiRoot: fake.apiRoot(),
    log: recordingLogger(),
    variables: { STORE: 'embedded', ADMIN_TOKEN: ADMIN, PAIRING: 'on', RATE_LIMIT_FAILURES: '3' },
  });
  await upsertIdentity(gateway.ctx.db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: String(USER) }, 'member', '@operator_friend');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 120_000, env: { ...process.env, HOME: dir.path } });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => requestedUrls.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await fake?.close();
  await model?.close();
  dir.remove();
});

describe('the operator dashboard (Chromium, embedded store, real runtime)', { timeout: 300_000 }, () => {
  it('refuses anonymous and wrong-token requests; pages carry a strict CSP and no script', async () => {
    const anonymous = await fetch(`${gateway!.url}/dashboard`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/dashboard/login');
    const wrong = await fetch(`${gateway!.url}/dashboard`, { headers: { authorization: `Bearer ${token()}` }, redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const scripted = await fetch(`${gateway!.url}/dashboard/jobs`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(scripted.status).toBe(200);
    const csp = scripted.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
    expect(scripted.headers.get('x-frame-options')).toBe('DENY');
    expect(await scripted.text()).not.toMatch(/<script|\son[a-z]+=|style="/i);
    const login = (value: string) => fetch(`${gateway!.url}/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: gateway!.url }, body: `token=${value}`, redirect: 'manual' });
    expect((await login(token())).status).toBe(401);
    expect((await login(token())).status).toBe(401);
    // RATE_LIMIT_FAILURES=3 failures: the source is refused further guesses, never the valid token.
    expect((await login(token())).status).toBe(429);
    expect((await login(ADMIN)).status).toBe(303);
    const crossSiteLogin = await fetch(`${gateway!.url}/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `token=${ADMIN}`, redirect: 'manual' });
    expect(crossSiteLogin.status).toBe(403);
  });

  it('signs in through the form, follows a message from arrival to delivered reply, and keeps screenshots', async () => {
    const { messageId } = fake.pushMessage({ chatId: USER, userId: USER, username: 'operator_friend', text: `Please summarise ${HOSTILE}` });
    await fake.waitFor('the reply', () => fake.sent.find((m) => m.replyTo === messageId), 240_000);

    await page.goto(`${gateway!.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await shot('sign-in');
    await page.fill('input[name=token]', ADMIN);
    await Promise.all([page.waitForURL(`${gateway!.url}/dashboard`), page.click('button[type=submit]')]);
    const cookies = await page.context().cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
    expect(cookies[0]!.value).not.toContain(ADMIN);
    await page.waitForSelector('text=Leader lease');
    expect(await page.textContent('main')).toContain(gateway!.owner);
    await shot('overview');

    await page.click('header >> text=Sessions');
    await page.fill('input[name=chat]', String(USER));
    await page.click('form.filters button');
    await page.click(`table a.mono`);
    // The session's ordered events, from the stored message to the delivered reply.
    await waitFor('the delivery event on the page', async () => {
      await page.reload();
      return (await page.locator('tr[data-event="delivery.sent"]').count()) > 0 ? true : undefined;
    }, 60_000, 500);
    const events = await page.locator('tr[data-event]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event')));
    expect(events).toEqual(['message.received', 'prompt.started', 'assistant.text', 'prompt.completed', 'delivery.sent']);
    expect(await page.locator('tr[data-event="assistant.text"] td.data').textContent()).toContain('**Noted.**');
    await shot('session');

    await page.click('header >> text=Jobs');
    await page.selectOption('select[name=status]', 'completed');
    await page.fill('input[name=chat]', String(USER));
    await page.click('form.filters button');
    expect(await page.locator('table tr').count()).toBeGreaterThanOrEqual(3);
    await shot('jobs');
    expect(await page.title()).not.toBe('pwned');
    expect(dialogs).toEqual([]);
  });

  it('markup in a message reaches the page as text', async () => {
    const stored = await gateway!.ctx.db.query(`select id from gateway_sessions where chat_id = $1`, [String(USER)]);
    const response = await fetch(`${gateway!.url}/dashboard/sessions/${String(stored[0]!['id'])}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const body = await response.text();
    // The answer quotes the markup; the page shows it as text.
    expect(body).toContain('&lt;img src=x onerror=');
    expect(body).toContain('&lt;script&gt;document.title');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('<script>document.title');
  });

  it('retries a dead job and disables an identity with CSRF-protected forms; forged forms are refused', async () => {
    const { id } = await enqueueJob(gateway!.ctx.db, { kind: 'workflow', payload: {}, maxAttempts: 1 });
    gateway!.workers.notify();
    await waitFor('the unsupported job to fail', async () => ((await getJob(gateway!.ctx.db, id))?.status === 'failed' ? true : undefined), 30_000);
    await page.goto(`${gateway!.url}/dashboard/jobs?status=failed`);
    await shot('jobs-failed');
    const cookie = (await page.context().cookies())[0]!;
    // A form posted without the token, or from another site, is refused even with the cookie.
    const noToken = await fetch(`${gateway!.url}/dashboard/jobs/${id}/retry`, { method: 'POST', headers: { cookie: `${cookie.name}=${cookie.value}`, origin: gateway!.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'back=/dashboard/jobs', redirect: 'manual' });
    expect(noToken.status).toBe(403);
    const csrf = await page.locator(`form[action="/dashboard/jobs/${id}/retry"] input[name=csrf]`).getAttribute('value');
    const crossSite = await fetch(`${gateway!.url}/dashboard/jobs/${id}/retry`, { method: 'POST', headers: { cookie: `${cookie.name}=${cookie.value}`, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${csrf}&back=/dashboard/jobs`, redirect: 'manual' });
    expect(crossSite.status).toBe(403);
    expect((await getJob(gateway!.ctx.db, id))?.status).toBe('failed');

    await page.click(`form[action="/dashboard/jobs/${id}/retry"] button`);
    await page.waitForSelector('p.notice');
    expect(await page.textContent('p.notice')).toContain('pending again');
    await waitFor('the retried job to fail again', async () => ((await getJob(gateway!.ctx.db, id))?.attempts === 1 && (await getJob(gateway!.ctx.db, id))?.status === 'failed' ? true : undefined), 30_000);

    await page.click('header >> text=Identities');
    await shot('identities');
    await page.click('form[action$="/disable"] button');
    await page.waitForSelector('p.notice');
    expect(await findIdentity(gateway!.ctx.db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: String(USER) })).toMatchObject({ role: 'disabled' });
    const audits = await listAudit(gateway!.ctx.db, { limit: 200 });
    expect(audits.filter((a) => a.actor === 'dashboard').map((a) => a.type)).toEqual(expect.arrayContaining([AuditType.JobRetried, AuditType.IdentityDisabled, AuditType.DashboardSignIn, AuditType.DashboardRejected]));

    await page.click('header >> text=Audit');
    await shot('audit');
    await page.click('header button:has-text("Sign out")');
    await page.waitForURL(`${gateway!.url}/dashboard/login`);
    const after = await fetch(`${gateway!.url}/dashboard`, { headers: { cookie: `${cookie.name}=${cookie.value}` }, redirect: 'manual' });
    expect(after.status).toBe(303);
    // The admin token never travelled in a URL.
    expect(requestedUrls.some((url) => url.includes(ADMIN))).toBe(false);
  });
});
