// Sign-in flow of 中枢 in a real browser (Debian's chromium through playwright-core).
// Usage: node signin.mjs BASE_URL SCREENSHOT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [baseArg, shotDir] = process.argv.slice(2);
if (!baseArg || !shotDir) {
  console.error('usage: node signin.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
mkdirSync(shotDir, { recursive: true });

const executablePath = process.env.ZHONGSHU_CHROMIUM || '/usr/bin/chromium';
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
];

let browser;
let page; // the page a failure screenshot is taken of
const pathOf = (p) => new URL(p.url()).pathname;
const shot = (p, name) => p.screenshot({ path: join(shotDir, name), fullPage: true });
function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    e.message = `${name}: ${e.message}`;
    throw e;
  }
  console.log(`browser: ok   ${name}`);
}
async function goto(p, url) {
  const resp = await p.goto(url);
  expect(resp && resp.ok(), `GET ${url} answered ${resp ? resp.status() : 'nothing'}`);
}
async function signIn(username, password) {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}
const heading = (p) => p.locator('h1').filter({ hasText: '工作台' }).first();

try {
  await step(`launch ${executablePath}`, async () => {
    browser = await chromium.launch({ executablePath, args, headless: true });
  });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await desktop.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => console.log(`browser: page error: ${e.message}`));

  await step('GET / redirects to /login', async () => {
    await goto(page, `${BASE}/`);
    expect(pathOf(page) === '/login', `ended at ${page.url()}, expected /login`);
    await shot(page, 'login.png');
  });

  await step('wrong password shows 用户名或密码错误', async () => {
    await signIn('admin', 'wrong-Password1');
    await page.locator('[role=alert]').filter({ hasText: '用户名或密码错误' }).first().waitFor();
  });

  await step('ducha signs in to the 工作台', async () => {
    await signIn('ducha', 'Zhongshu@2026');
    await page.waitForURL((u) => u.pathname === '/');
    await heading(page).waitFor({ state: 'visible' });
    const name = ((await page.locator('.user-name').first().textContent()) || '').trim();
    expect(name !== '', '.user-name is empty');
    await shot(page, 'workbench.png');
  });

  await step('phone-sized 工作台 does not scroll sideways', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
      locale: 'zh-CN', storageState: await desktop.storageState(),
    });
    const p = await phone.newPage();
    page = p;
    await goto(p, `${BASE}/`);
    expect(pathOf(p) === '/', `ended at ${p.url()}, expected / (session cookie not accepted?)`);
    await heading(p).waitFor({ state: 'visible' });
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 391, `page is ${width}px wide in a 390px viewport`);
    await shot(p, 'workbench-phone.png');
    await phone.close();
  });

  page = desktop.pages()[0];
  await step('退出 signs out', async () => {
    await page.locator('form[action="/logout"]').getByRole('button', { name: '退出' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await goto(page, `${BASE}/`);
    expect(pathOf(page) === '/login', `after signing out, GET / ended at ${page.url()}`);
  });

  console.log('browser: signin ok');
} catch (e) {
  console.error(`browser: FAILED ${e.message}`);
  if (page) {
    await shot(page, 'failure.png')
      .then(() => console.error(`browser: screenshot ${join(shotDir, 'failure.png')}`))
      .catch(() => {});
  }
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
}
