// 督查督办 in a real browser: 督查科 assigns a matter to two towns; a town's liaison signs for its
// part and reports from a phone-sized screen; the part turns red when the (test-clock) deadline
// passes; the liaison asks to close it and 督查科 closes it (销号).
// Needs a server started with ZHONGSHU_TEST_CLOCK=1. Usage: node tracking.mjs BASE_URL SCREENSHOT_DIR
import { expect, goto, pathOf, run, setup, signIn, signOut, step } from './lib.mjs';

const { BASE, shotDir } = setup('tracking');
const TITLE = `冬季森林防火隐患排查 ${Date.now() % 100000}`;

await run('tracking', shotDir, async (state, shot) => {
  const desk = await (await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  desk.setDefaultTimeout(15_000);
  state.page = desk;
  let partUrl = '';
  let due = '';

  await step('督查科 assigns a matter to 青禾镇 (lead) and 白水镇', async () => {
    await goto(desk, `${BASE}/login`);
    await signIn(desk, 'ducha');
    await desk.waitForURL((u) => u.pathname === '/');
    await goto(desk, `${BASE}/tracking/new`);
    await desk.fill('#title', TITLE);
    await desk.fill('#source_title', '县长批示');
    await desk.fill('#requirement', '全面排查林区隐患，按时反馈。');
    await desk.selectOption('#lead_unit_id', { label: '青禾镇' });
    await desk.selectOption('#co_unit_id', [{ label: '白水镇' }]);
    await desk.fill('#owner_name', '马静怡');
    due = await desk.inputValue('#due');
    await desk.getByRole('button', { name: '立项并交办' }).click();
    await desk.waitForURL((u) => u.pathname.startsWith('/tracking/') && u.pathname !== '/tracking/new');
    await desk.locator('h1', { hasText: TITLE }).waitFor();
    const rows = await desk.locator('table tbody tr').count();
    expect(rows === 2, `expected a row per town, found ${rows}`);
    await shot(desk, 'tracking-assigned.png');
    await signOut(desk);
  });

  const phoneCtx = await state.browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN',
  });
  const phone = await phoneCtx.newPage();
  phone.setDefaultTimeout(15_000);
  state.page = phone;

  await step('青禾镇 liaison sees the to-do, signs for the part and reports', async () => {
    await goto(phone, `${BASE}/login`);
    await signIn(phone, 'xz01');
    await phone.waitForURL((u) => u.pathname === '/');
    await phone.locator('.todos').getByText('待签收').first().waitFor();
    await goto(phone, `${BASE}/tracking`);
    await phone.getByRole('link', { name: TITLE }).click();
    await phone.waitForURL((u) => u.pathname.startsWith('/tracking/'));
    partUrl = phone.url();
    await phone.getByRole('button', { name: '签收' }).click();
    await phone.locator('.tag', { hasText: '已签收' }).waitFor();
    await phone.fill('#text', '已组织排查林区12处，整改隐患3处。');
    await phone.fill('#progress', '60');
    await phone.getByRole('button', { name: '反馈进展' }).click();
    await phone.locator('.tag', { hasText: '办理中' }).waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 391, `the part page is ${width}px wide on a 390px screen`);
    await shot(phone, 'tracking-liaison-phone.png');
  });

  await step('the part turns red when the test clock passes the deadline', async () => {
    const csrf = JSON.parse(await phone.locator('body').getAttribute('hx-headers'))['X-CSRF-Token'];
    const late = new Date(`${due}T00:00:00Z`);
    late.setUTCDate(late.getUTCDate() + 7);
    const resp = await phone.request.post(`${BASE}/api/v1/test/clock`, {
      headers: { 'X-CSRF-Token': csrf }, data: { today: late.toISOString().slice(0, 10) },
    });
    expect(resp.ok(), `test clock answered ${resp.status()}: ${await resp.text()}`);
    await goto(phone, partUrl);
    await phone.locator('.w-red', { hasText: '逾期' }).first().waitFor();
    await shot(phone, 'tracking-red-phone.png');
  });

  await step('the liaison asks to close the part', async () => {
    await phone.fill('#result', '隐患全部整改完毕，附整改前后照片。');
    await phone.getByRole('button', { name: '申请办结' }).click();
    await phone.locator('.tag', { hasText: '待审核销号' }).waitFor();
    await signOut(phone);
  });

  state.page = desk;
  await step('督查科 closes it (销号)', async () => {
    await goto(desk, `${BASE}/login`);
    await signIn(desk, 'ducha');
    await desk.waitForURL((u) => u.pathname === '/');
    await desk.locator('.todos').getByText('申请办结待审核').first().waitFor();
    await goto(desk, partUrl);
    await desk.getByRole('button', { name: '销号' }).click();
    await desk.locator('.tag', { hasText: '已销号' }).waitFor();
    expect(pathOf(desk) === new URL(partUrl).pathname, `ended at ${desk.url()}`);
    await shot(desk, 'tracking-closed.png');
    await goto(desk, `${BASE}/tracking/board`);
    await desk.locator('h1', { hasText: '预警看板' }).waitFor();
    await shot(desk, 'tracking-board.png');
  });
});
