// dashboard.mjs: the dashboard in a real browser.  playwright-core drives
// Debian's Chromium (never a browser a test tool downloads) against
// `assure serve` on a loopback port, over a workspace made here with the
// binary under test: a failing test from a credential report, a manager
// with a password and TOTP.  It signs in, reads the overview, opens the
// failing test, approves a policy, checks a wrong password gets the one
// generic message, that no page carries a script and that every response
// carries the Content-Security-Policy; a full-page screenshot of each page
// goes to $ASSURE_ARTEFACTS.
//
// Environment: ASSURE_BIN (required), ASSURE_TEST_DATA (default
// ../data), CHROMIUM (default /usr/bin/chromium), ASSURE_ARTEFACTS
// (default ./artefacts).  Exit 0 on success, 77 when something it needs
// is absent, 1 on a failure, with a message saying which step.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.ASSURE_BIN;
const DATA = process.env.ASSURE_TEST_DATA ?? resolve(HERE, '../data');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTEFACTS = resolve(process.env.ASSURE_ARTEFACTS || join(HERE, 'artefacts'));
const ORG = 'Browser Test Co';
const USER = 'mallory';
const PASSWORD = 'correct horse battery staple';
const TIMEOUT = 15000; // per browser action, milliseconds

function skip(why) {
  console.log(`SKIPPED: ${why}`);
  process.exit(77);
}

if (!BIN) {
  console.error('dashboard.mjs: set ASSURE_BIN to the assure binary');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) skip(`${CHROMIUM} absent (scripts/bootstrap.sh installs chromium)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core absent (scripts/bootstrap.sh runs npm ci in tests/browser)');
}

// RFC 6238 TOTP: HMAC-SHA1 over the big-endian step, dynamic truncation,
// 6 digits, 30 s steps.  Another implementation than the server's (oath).
function base32(s) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, v = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    const i = A.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    v = (v << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((v >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 1000 / 30);

// The RFC 6238 test vector (SHA-1, T = 59 s): the last 6 of 94287082.
assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1), '287082',
  'the TOTP implementation is wrong');

const tmp = mkdtempSync(join(tmpdir(), 'assure-browser-'));
const WS = join(tmp, 'ws');
let server = null;
let serverErr = '';
let browser = null;
let step = 'setup';

function assure(args, input) {
  const r = spawnSync(BIN, ['--workspace', WS, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ASSURE_TEST_PWHASH_MIN: '1', NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return r;
}

function must(args, input) {
  const r = assure(args, input);
  if (r.status !== 0)
    throw new Error(`assure ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

// The server on a loopback port the kernel picks: its first line says which.
function serve() {
  return new Promise((ok, fail) => {
    server = spawn(BIN, ['--workspace', WS, 'serve', '--listen', '127.0.0.1:0'], {
      env: { ...process.env, ASSURE_TEST_PWHASH_MIN: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr.on('data', (b) => { serverErr += b; });
    const timer = setTimeout(() => fail(new Error('assure serve printed no address in 20 s')), 20000);
    server.once('exit', (code, sig) => {
      clearTimeout(timer);
      fail(new Error(`assure serve exited (${code ?? sig}) before serving:\n${serverErr}`));
    });
    createInterface({ input: server.stdout }).on('line', (line) => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
}

// Stop the browser and the server; the server must stop cleanly on
// SIGTERM (exit 0: under ASan a leak or an error at exit fails here).
// Returns a message when it did not.
async function cleanup() {
  let problem = null;
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null && server.signalCode === null) {
    const gone = new Promise((r) => server.once('exit', (code, sig) => r([code, sig])));
    server.kill('SIGTERM');
    const t = setTimeout(() => server.kill('SIGKILL'), 10000);
    const [code, sig] = await gone;
    clearTimeout(t);
    if (code !== 0)
      problem = `assure serve did not stop cleanly on SIGTERM (${code ?? sig}):\n${serverErr}`;
  }
  rmSync(tmp, { recursive: true, force: true });
  return problem;
}

async function main() {
  step = 'the workspace';
  must(['init', WS, '--org', ORG]);
  // A credential report with a root account without MFA and a user without
  // it: iam.aws_root and iam.user_mfa fail with exceptions.
  const asOf = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
  must(['ingest', 'aws-iam-credential-report', '--as-of', `${asOf}T09:00:00Z`,
    join(DATA, 'cli', 'report-findings.csv')]);
  // Okta's accounts, frozen in an access-review campaign to decide.
  must(['ingest', 'okta-users', join(DATA, 'identity', 'okta_users.json')]);
  const started = must(['review', 'start', 'okta', '--by', 'maria']);
  const campaign = /(okta-\d{4}Q\d-\d+)/.exec(started)?.[1];
  assert.ok(campaign, `no campaign id in: ${started}`);
  const ev = assure(['evaluate']);
  assert.ok(ev.status === 0 || ev.status === 1,
    `assure evaluate: exit ${ev.status}\n${ev.stderr}`);

  step = 'the manager and TOTP';
  must(['user', 'add', USER, '--role', 'manager', '--display', 'Mallory Manager'],
    `${PASSWORD}\n`);
  const uri = must(['user', 'totp', USER]);
  const secret = /secret=([A-Z2-7]+)/.exec(uri)?.[1];
  assert.ok(secret, `no secret in the otpauth URI: ${uri}`);
  // Confirm with the previous step's code (inside the window of one step
  // either side): the step it uses up is then already behind the real
  // clock, and the sign-in below can use the current step's code without
  // waiting for the next 30 s step.
  must(['user', 'totp', USER, '--confirm', totp(secret, stepNow() - 1)]);

  step = 'assure serve';
  const base = await serve();

  step = 'the browser';
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox'] });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 },
    javaScriptEnabled: false });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => { if (r.url().startsWith(base)) responses.push(r); });
  mkdirSync(ARTEFACTS, { recursive: true });
  const shots = [];
  async function shot(name) {
    const p = join(ARTEFACTS, `${name}.png`);
    await page.screenshot({ path: p, fullPage: true });
    shots.push(p);
    // No script anywhere: the dashboard works without JavaScript (and the
    // context has it disabled, so every step here proves it).
    assert.equal(await page.locator('script').count(), 0, `${page.url()} has a <script>`);
  }

  step = 'the redirect to /login';
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, '/login', 'GET / without a session is not sent to /login');
  await page.locator('h1', { hasText: ORG }).waitFor();
  await shot('01-login');

  step = 'a wrong password';
  await page.fill('#name', USER);
  await page.fill('#password', 'not the password at all');
  await page.fill('#totp', totp(secret, stepNow()));
  const [failed] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${base}/login`),
    page.click('button[type=submit]'),
  ]);
  assert.equal(failed.status(), 401, 'a wrong password is not 401');
  const error = await page.locator('p.error').textContent();
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.match(error, /^Sign-in failed: the name, password or code is wrong/,
    'a wrong password does not get the generic message');
  assert.ok(!error.includes(USER), 'the error names the user');
  await shot('02-login-failed');

  step = 'signing in';
  await page.fill('#name', USER);
  await page.fill('#password', PASSWORD);
  await page.fill('#totp', totp(secret, stepNow()));
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

  step = 'the overview';
  await page.locator('h1').first().waitFor();
  await page.locator('h2', { hasText: 'Failing tests' }).waitFor();
  const failing = page.locator('section.failing table.tests tbody tr');
  assert.ok(await failing.count() > 0, 'the overview lists no failing test');
  await shot('03-overview');

  step = 'a failing test';
  const link = failing.first().locator('a').first();
  const testId = (await link.textContent()).trim();
  await Promise.all([page.waitForURL(`**/tests/${testId}`), link.click()]);
  assert.match(await page.locator('h1').first().textContent(), new RegExp(testId));
  await page.locator('h2', { hasText: 'Exceptions' }).waitFor();
  const exc = page.locator('section.exceptions table.exc tbody tr');
  assert.ok(await exc.count() > 0, `${testId} shows no exception`);
  await shot('04-test');

  step = 'the policies';
  await page.goto(`${base}/policies`);
  const forms = page.locator('form.approve');
  const before = await forms.count();
  assert.ok(before > 0, 'no Approve form for a manager');
  const row = page.locator('table.policies tbody tr', { has: page.locator('form.approve') }).first();
  const policyId = (await row.locator('td').first().textContent()).trim();
  assert.equal(await row.locator('td.st-not-approved').count(), 1);
  await shot('05-policies');

  step = `approving ${policyId}`;
  await Promise.all([
    page.waitForURL(`${base}/policies`, { waitUntil: 'load' }),
    page.waitForResponse((r) => r.request().method() === 'POST' &&
      r.url().endsWith(`/policies/${policyId}/approve`)),
    row.locator('button', { hasText: 'Approve' }).click(),
  ]);
  const done = page.locator('table.policies tbody tr', {
    has: page.locator('td:first-child', { hasText: new RegExp(`^${policyId}$`) }) });
  assert.equal(await done.locator('td.st-approved').textContent(), 'approved',
    `${policyId} is not shown approved`);
  assert.equal((await done.locator('td').nth(5).textContent()).trim(), USER,
    'the approval does not name the manager');
  assert.equal(await forms.count(), before - 1, 'the Approve forms did not go down by one');
  await shot('06-policies-approved');

  step = `the access review ${campaign}`;
  await page.goto(`${base}/reviews`);
  await page.locator('a', { hasText: campaign }).click();
  await page.waitForURL(`${base}/reviews/${campaign}`);
  const decide = page.locator('table.review tbody tr', { has: page.locator('form.decide') }).first();
  const account = (await decide.locator('td').first().textContent()).trim();
  await shot('07-review');
  await Promise.all([
    page.waitForURL(`${base}/reviews/${campaign}`, { waitUntil: 'load' }),
    page.waitForResponse((r) => r.request().method() === 'POST' &&
      r.url().endsWith(`/reviews/${campaign}/decide`)),
    decide.locator('button', { hasText: 'Revoke' }).click(),
  ]);
  const decided = page.locator('table.review tbody tr', {
    has: page.locator('td:first-child', { hasText: account }) }).first();
  assert.equal((await decided.locator('td').nth(5).textContent()).trim(), 'revoke',
    `${account} is not shown revoked`);
  assert.equal((await decided.locator('td').nth(6).textContent()).trim(), USER,
    'the decision does not name the manager');
  await shot('08-review-decided');

  step = 'the auditor package';
  await page.goto(`${base}/reports`);
  await shot('09-reports');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a', { hasText: 'Auditor package' }).click(),
  ]);
  const zip = join(WS, 'downloaded-auditor.zip');
  await download.saveAs(zip);
  writeFileSync(join(WS, 'key.pub'), must(['ledger', 'key']));
  // Offline, as the auditor would: no workspace.
  const v = spawnSync(BIN, ['verify', zip, '--key', join(WS, 'key.pub')],
    { encoding: 'utf8' });
  assert.equal(v.status, 0, `assure verify of the download: ${v.stderr}`);
  assert.match(v.stdout, /^package verified:/, `the downloaded package: ${v.stdout}`);

  step = 'the other pages';
  for (const [name, path] of [['10-controls', '/controls'], ['11-evidence', '/evidence'],
    ['12-vendors', '/vendors'], ['13-risks', '/risks'], ['14-incidents', '/incidents'],
    ['15-ledger', '/ledger']]) {
    const r = await page.goto(`${base}${path}`);
    assert.equal(r.status(), 200, `${path}: ${r.status()}`);
    await page.locator('h1').first().waitFor();
    await shot(name);
  }

  step = 'the users page';
  // Only an admin sees it: promoted from the CLI, the session follows
  // the role the store holds on the next request.
  let r = await page.goto(`${base}/users`);
  assert.equal(r.status(), 403, `/users as a manager: ${r.status()}`);
  must(['user', 'role', USER, 'admin']);
  r = await page.goto(`${base}/users`);
  assert.equal(r.status(), 200, `/users as an admin: ${r.status()}`);
  await page.locator('h1').first().waitFor();
  assert.ok(await page.locator('td', { hasText: USER }).count() > 0,
    'the users page does not list the admin');
  assert.ok(await page.locator('nav a', { hasText: 'Users' }).count() === 1,
    'no Users item in an admin\'s nav');
  await shot('16-users');

  step = 'the headers';
  assert.ok(responses.length > 10, 'too few responses seen');
  for (const r of responses) {
    const h = await r.allHeaders();
    const csp = h['content-security-policy'];
    assert.ok(csp, `${r.request().method()} ${r.url()} (${r.status()}): no Content-Security-Policy`);
    assert.match(csp, /default-src 'none'/, `${r.url()}: CSP ${csp}`);
    assert.ok(!/script-src/.test(csp), `${r.url()}: the CSP allows scripts: ${csp}`);
  }
  console.log(`ok: ${responses.length} responses with a CSP; screenshots in ${ARTEFACTS}:`);
  for (const p of shots) console.log(`  ${p}`);
}

const t0 = Date.now();
let status = 0;
try {
  await main();
} catch (e) {
  console.error(`FAIL (${step}): ${e.stack ?? e}`);
  if (server && (server.exitCode !== null || server.signalCode !== null))
    console.error(`assure serve exited (${server.exitCode ?? server.signalCode}):\n${serverErr}`);
  status = 1;
}
const problem = await cleanup();
if (problem) {
  console.error(`FAIL (cleanup): ${problem}`);
  status = 1;
}
console.log(`browser/dashboard: ${status ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(status);
