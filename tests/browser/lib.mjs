// Shared by the browser flows: launching Debian's chromium, steps that name themselves in errors,
// screenshots, sign-in and sign-out. Usage of a flow: node FLOW.mjs BASE_URL SCREENSHOT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'Zhongshu@2026';

export function setup(name) {
  const [baseArg, shotDir] = process.argv.slice(2);
  if (!baseArg || !shotDir) {
    console.error(`usage: node ${name}.mjs BASE_URL SCREENSHOT_DIR`);
    process.exit(2);
  }
  mkdirSync(shotDir, { recursive: true });
  return { BASE: baseArg.replace(/\/+$/, ''), shotDir };
}

export const executablePath = process.env.ZHONGSHU_CHROMIUM || '/usr/bin/chromium';
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
];

export const launch = () => chromium.launch({ executablePath, args, headless: true });
export const pathOf = (p) => new URL(p.url()).pathname;

export function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

export async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    e.message = `${name}: ${e.message}`;
    throw e;
  }
  console.log(`browser: ok   ${name}`);
}

export async function goto(p, url) {
  const resp = await p.goto(url);
  expect(resp && resp.ok(), `GET ${url} answered ${resp ? resp.status() : 'nothing'}`);
}

export async function signIn(page, username, password = PASSWORD) {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

export async function signOut(page) {
  await page.locator('form[action="/logout"]').getByRole('button', { name: '退出' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
}

/// Runs a flow with a failure screenshot of whatever page `state.page` holds.
export async function run(flowName, shotDir, body) {
  const state = { browser: null, page: null };
  const shot = (p, name) => p.screenshot({ path: join(shotDir, name), fullPage: true });
  try {
    await step(`launch ${executablePath}`, async () => {
      state.browser = await launch();
    });
    await body(state, shot);
    console.log(`browser: ${flowName} ok`);
  } catch (e) {
    console.error(`browser: FAILED ${e.message}`);
    if (state.page) {
      const file = `${flowName}-failure.png`;
      await shot(state.page, file)
        .then(() => console.error(`browser: screenshot ${join(shotDir, file)}`))
        .catch(() => {});
    }
    process.exitCode = 1;
  } finally {
    if (state.browser) await state.browser.close();
  }
}
