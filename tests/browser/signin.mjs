// Sign-in flow of 中枢 in a real browser (Debian's chromium through playwright-core).
// Usage: node signin.mjs BASE_URL SCREENSHOT_DIR
import { expect, goto, pathOf, run, setup, signIn, signOut, step } from './lib.mjs';

const { BASE, shotDir } = setup('signin');
const heading = (p) => p.locator('h1').filter({ hasText: '工作台' }).first();

await run('signin', shotDir, async (state, shot) => {
  const desktop = await state.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await desktop.newPage();
  state.page = page;
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => console.log(`browser: page error: ${e.message}`));

  await step('GET / redirects to /login', async () => {
    await goto(page, `${BASE}/`);
    expect(pathOf(page) === '/login', `ended at ${page.url()}, expected /login`);
    await shot(page, 'login.png');
  });

  await step('wrong password shows 用户名或密码错误', async () => {
    await signIn(page, 'admin', 'wrong-Password1');
    await page.locator('[role=alert]').filter({ hasText: '用户名或密码错误' }).first().waitFor();
  });

  await step('ducha signs in to the 工作台', async () => {
    await signIn(page, 'ducha');
    await page.waitForURL((u) => u.pathname === '/');
    await heading(page).waitFor({ state: 'visible' });
    const name = ((await page.locator('.user-name').first().textContent()) || '').trim();
    expect(name !== '', '.user-name is empty');
    await shot(page, 'workbench.png');
  });

  await step('phone-sized 工作台 does not scroll sideways', async () => {
    const phone = await state.browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
      locale: 'zh-CN', storageState: await desktop.storageState(),
    });
    const p = await phone.newPage();
    state.page = p;
    await goto(p, `${BASE}/`);
    expect(pathOf(p) === '/', `ended at ${p.url()}, expected / (session cookie not accepted?)`);
    await heading(p).waitFor({ state: 'visible' });
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 391, `page is ${width}px wide in a 390px viewport`);
    await shot(p, 'workbench-phone.png');
    await phone.close();
    state.page = page;
  });

  await step('退出 signs out', async () => {
    await signOut(page);
    await goto(page, `${BASE}/`);
    expect(pathOf(page) === '/login', `after signing out, GET / ended at ${page.url()}`);
  });
});
