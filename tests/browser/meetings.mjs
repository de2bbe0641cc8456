// 办会 in a real browser: 会务 books a room and calls a meeting (青禾镇 and the 常务副县长 asked); the
// notice goes out; 青禾镇's liaison answers 参会 from a phone and the 常务副县长 asks for leave; on the
// day the door screen shows a QR code and its six digits, the liaison opens the scanned link and signs in
// (a second sign-in is refused); the clerk sees the live list; after the meeting 会务 records two
// decisions, drafts the 纪要 (a 公文 in 办文) and turns the decisions into tracked items.
// Needs a server started with ZHONGSHU_TEST_CLOCK=1. Usage: node meetings.mjs BASE_URL SCREENSHOT_DIR
import { expect, goto, pathOf, run, setup, signIn, signOut, step } from './lib.mjs';

const { BASE, shotDir } = setup('meetings');
const TAG = Date.now() % 100000;
const ROOM = `第${TAG}会议室`;
const TITLE = `县政府第${TAG}次常务会议`;

async function as(page, username) {
  await goto(page, `${BASE}/login`);
  await signIn(page, username);
  await page.waitForURL((u) => u.pathname === '/');
}

/// Moves the server's business clock to `at` (2026-11-25T08:45), as the test clock allows.
async function clock(page, at) {
  const csrf = JSON.parse(await page.locator('body').getAttribute('hx-headers'))['X-CSRF-Token'];
  const resp = await page.request.post(`${BASE}/api/v1/test/clock`, { headers: { 'X-CSRF-Token': csrf }, data: { at } });
  expect(resp.ok(), `test clock answered ${resp.status()}: ${await resp.text()}`);
}

/// Selects the options of a multiple select whose text contains `text`.
async function pick(page, select, text) {
  const value = await page.locator(`${select} option`, { hasText: text }).first().getAttribute('value');
  expect(value, `no option “${text}” in ${select}`);
  await page.selectOption(select, [value]);
}

await run('meetings', shotDir, async (state, shot) => {
  const desk = await (await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  desk.setDefaultTimeout(20_000);
  state.page = desk;
  let meeting = '';
  let day = '';

  await step('会务 adds a room and books it for a meeting', async () => {
    await as(desk, 'huiwu');
    await goto(desk, `${BASE}/meetings/rooms`);
    await desk.fill('#name', ROOM);
    await desk.fill('#location', '县行政中心三楼');
    await desk.fill('#capacity', '20');
    await desk.fill('#equipment', '投影仪、视频会议终端');
    await desk.getByRole('button', { name: '新增', exact: true }).click();
    await desk.locator('td', { hasText: ROOM }).first().waitFor();
    await goto(desk, `${BASE}/meetings/new`);
    day = await desk.inputValue('#date');
    await desk.selectOption('#kind', 'standing');
    await desk.fill('#title', TITLE);
    await desk.fill('#host', '青禾县人民政府');
    await pick(desk, '#chair_id', '县长');
    await pick(desk, '#room_id', ROOM);
    await pick(desk, '#present_user_id', '常务副县长');
    await desk.selectOption('#present_unit_id', { label: '青禾镇' });
    await desk.fill('#agenda_text', '研究农村公路冬季养护工作\n研究冬春森林防火工作');
    await desk.fill('#contact', '综合科 0731-8888001');
    await shot(desk, 'meetings-form.png');
    await desk.getByRole('button', { name: '保存会议' }).click();
    await desk.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(u.pathname));
    meeting = pathOf(desk);
    await desk.locator('h1', { hasText: TITLE }).waitFor();
    await desk.locator('.tag', { hasText: '筹备中' }).waitFor();
  });

  await step('a second booking of the room at the same time is refused with the free periods', async () => {
    await goto(desk, `${BASE}/meetings/new`);
    await desk.fill('#title', '专题会议（冲突）');
    await desk.fill('#date', day);
    await desk.fill('#start', '10:00');
    await desk.fill('#end', '11:30');
    await pick(desk, '#chair_id', '县长');
    await pick(desk, '#room_id', ROOM);
    await desk.selectOption('#present_unit_id', { label: '白水镇' });
    await desk.getByRole('button', { name: '保存会议' }).click();
    await desk.locator('.alert', { hasText: '已被' }).waitFor();
    await desk.locator('.free-slots', { hasText: '11:00—21:00' }).waitFor();
    expect((await desk.inputValue('#title')) === '专题会议（冲突）', 'the form keeps what was typed');
    await shot(desk, 'meetings-overlap.png');
  });

  await step('the notice goes out', async () => {
    await goto(desk, `${BASE}${meeting}`);
    await desk.getByRole('button', { name: '发送会议通知' }).click();
    await desk.locator('.tag', { hasText: '已发通知' }).waitFor();
    const pdf = await desk.request.get(`${BASE}${meeting}/notice.pdf`);
    expect(pdf.ok() && (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the notice as PDF');
    await signOut(desk);
  });

  const phone = await (await state.browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN',
  })).newPage();
  phone.setDefaultTimeout(20_000);

  await step('青禾镇 answers 参会 from a phone; the 常务副县长 asks for leave', async () => {
    state.page = phone;
    await as(phone, 'xz01');
    await phone.locator('.todos').getByText('待填报回执').first().waitFor();
    await goto(phone, `${BASE}${meeting}`);
    const form = phone.locator('form.rsvp').first();
    await form.locator('select[name=answer]').selectOption('attend');
    await form.locator('input[name=name]').fill('马静怡');
    await form.locator('input[name=post]').fill('镇长');
    await form.getByRole('button', { name: '提交回执' }).click();
    await phone.locator('tr', { hasText: '青禾镇' }).locator('.tag', { hasText: '参会' }).waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 391, `the meeting page is ${width}px wide on a 390px screen`);
    await shot(phone, 'meetings-rsvp-phone.png');
    await signOut(phone);
    state.page = desk;
    await as(desk, 'changwu');
    await goto(desk, `${BASE}${meeting}`);
    const mine = desk.locator('form.rsvp').first();
    await mine.locator('select[name=answer]').selectOption('leave');
    await mine.locator('input[name=reason]').fill('赴市参加经济工作会议');
    await mine.getByRole('button', { name: '提交回执' }).click();
    await desk.locator('tr', { hasText: '常务副县长' }).locator('.tag', { hasText: '请假' }).waitFor();
    await signOut(desk);
  });

  let code = '';
  await step('on the day the door screen shows the QR code and its digits', async () => {
    await as(desk, 'huiwu');
    await clock(desk, `${day}T08:45`);
    await goto(desk, `${BASE}${meeting}/door`);
    await desk.locator('svg.qr').waitFor();
    code = (await desk.locator('.door-digits').textContent()).trim();
    expect(/^\d{6}$/.test(code), `door code “${code}”`);
    await shot(desk, 'meetings-door.png');
  });

  await step('the liaison signs in from the scanned link; a second sign-in is refused', async () => {
    state.page = phone;
    await as(phone, 'xz01');
    await goto(phone, `${BASE}${meeting}/checkin?code=${code}`);
    expect((await phone.inputValue('#code')) === code, 'the scanned code is filled in');
    await phone.getByRole('button', { name: '确认签到' }).click();
    await phone.locator('.notice', { hasText: '签到成功' }).waitFor();
    await shot(phone, 'meetings-checkin-phone.png');
    await goto(phone, `${BASE}${meeting}/checkin?code=${code}`);
    await phone.getByRole('button', { name: '确认签到' }).click();
    await phone.locator('.alert', { hasText: '请勿重复签到' }).waitFor();
    await signOut(phone);
  });

  await step('the clerk sees who is here and who is on leave', async () => {
    state.page = desk;
    await goto(desk, `${BASE}${meeting}/attendance`);
    await desk.locator('.turnout', { hasText: '已签到 1' }).waitFor();
    await desk.locator('.turnout', { hasText: '请假 1' }).waitFor();
    await shot(desk, 'meetings-attendance.png');
  });

  await step('after the meeting: two decisions, the 纪要 and the tracked items', async () => {
    await clock(desk, `${day}T11:30`);
    await goto(desk, `${BASE}${meeting}`);
    await desk.getByRole('button', { name: '结束会议' }).click();
    await desk.locator('.tag', { hasText: '已召开' }).waitFor();
    const decisions = [
      ['县交通运输局会同各乡镇完成农村公路冬季养护', '县交通运输局', '研究农村公路冬季养护工作'],
      ['县应急管理局牵头开展冬春森林防火隐患排查', '县应急管理局', '研究冬春森林防火工作'],
    ];
    for (const [text, lead, agenda] of decisions) {
      await desk.fill('#decision_text', text);
      await desk.selectOption('#decision_agenda', { label: agenda });
      await desk.selectOption('#decision_lead', { label: lead });
      await desk.fill('#decision_owner', '马静怡');
      await desk.getByRole('button', { name: '记录议定事项' }).click();
      await desk.locator('table.decisions td', { hasText: text }).waitFor();
    }
    await desk.getByRole('button', { name: '起草纪要' }).click();
    await desk.waitForURL((u) => /^\/documents\/[0-9a-f-]{36}$/.test(u.pathname));
    await desk.getByText(`${TITLE}纪要`).first().waitFor();
    // 纪要格式: the one who signed in is 出席, the one who answered 请假 is on leave.
    await desk.locator('.p-attendance p', { hasText: '出席：' }).waitFor();
    await desk.locator('.p-attendance p', { hasText: '请假：' }).waitFor();
    await shot(desk, 'meetings-minutes.png');
    await goto(desk, `${BASE}${meeting}`);
    await desk.getByRole('button', { name: '全部转为督办事项' }).click();
    await desk.locator('table.decisions a', { hasText: '督办事项' }).nth(1).waitFor();
    const links = await desk.locator('table.decisions a', { hasText: '督办事项' }).count();
    expect(links === 2, `expected two tracked items, found ${links}`);
    await shot(desk, 'meetings-decisions.png');
    await desk.locator('table.decisions a', { hasText: '督办事项' }).first().click();
    await desk.locator('.tag', { hasText: '会议决定事项' }).waitFor();
  });
});
