// 办事 in a real browser. 信息报送: a town's liaison submits an item; the 信息科 places it in an issue of
// 《青禾政务信息》; the office reviews and signs the issue off; the 信息科 records its adoption by the city, and the
// score table shows the town's points. 公务接待: the 行政科 registers a plan with too many escorts, which is
// refused with the rule; it is corrected, approved, and its 接待清单 filled in and signed.
// Usage: node affairs.mjs BASE_URL SCREENSHOT_DIR
import { expect, goto, pathOf, run, setup, signIn, signOut, step } from './lib.mjs';

const { BASE, shotDir } = setup('affairs');
const TITLE = `青禾镇“三查三清”抓好冬季森林防火 ${Date.now() % 100000}`;

await run('affairs', shotDir, async (state, shot) => {
  const page = await (await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(15_000);
  state.page = page;
  const as = async (who) => {
    await goto(page, `${BASE}/login`);
    await signIn(page, who);
    await page.waitForURL((u) => u.pathname === '/');
  };
  let itemUrl = '';
  let issueUrl = '';

  await step('青禾镇 liaison submits an information item', async () => {
    await as('xz01');
    await page.getByRole('link', { name: '办事' }).click();
    await page.waitForURL((u) => u.pathname === '/affairs/info');
    await page.getByRole('link', { name: '报送信息' }).click();
    await page.selectOption('#category', { label: '工作动态' });
    await page.fill('#title', TITLE);
    await page.fill('#body', '青禾镇组织干部群众开展冬季森林防火隐患排查,共排查林区12处，整改隐患3处。\n下一步将建立长效机制。');
    await page.getByRole('button', { name: '报送' }).click();
    await page.locator('h1', { hasText: TITLE }).waitFor();
    itemUrl = page.url().split('?')[0];
    await page.locator('.info-findings').waitFor();
    await page.locator('.tag.state', { hasText: '待审核' }).waitFor();
    await shot(page, 'affairs-submitted.png');
    await signOut(page);
  });

  await step('信息科 places it in a new issue of 《青禾政务信息》 and sends the issue for review', async () => {
    await as('xinxi');
    await goto(page, `${BASE}/affairs/journals`);
    await page.selectOption('#journal_id', { label: '青禾政务信息' });
    await page.getByRole('button', { name: '新建一期' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/affairs/issues/'));
    issueUrl = page.url().split('?')[0];
    const row = page.locator('table.candidates tr', { hasText: TITLE });
    await row.getByRole('button', { name: '编入本期' }).click();
    await page.locator('table.issue-items', { hasText: TITLE }).waitFor();
    await page.getByRole('button', { name: '送审核' }).click();
    await page.locator('.tag.state', { hasText: '待审核' }).waitFor();
    await shot(page, 'affairs-issue.png');
    await signOut(page);
  });

  await step('办公室主任 approves and signs the issue off; its PDF downloads', async () => {
    await as('zhuren');
    await goto(page, issueUrl);
    await page.getByRole('button', { name: '审核通过' }).click();
    await page.locator('.tag.state', { hasText: '待签发' }).waitFor();
    await page.getByRole('button', { name: '签发印发' }).click();
    await page.locator('.tag.state', { hasText: '已印发' }).waitFor();
    const pdf = await page.request.get(`${issueUrl}/pdf`);
    expect(pdf.ok() && (await pdf.body()).subarray(0, 4).toString() === '%PDF', `issue PDF answered ${pdf.status()}`);
    await signOut(page);
  });

  await step('信息科 records adoption by the city; the score table shows the town\'s points', async () => {
    await as('xinxi');
    await goto(page, itemUrl);
    await page.locator('.tag.state', { hasText: '已刊发' }).waitFor();
    await page.getByText('登记上报、上级采用或领导批示').click();
    await page.selectOption('#kind', { label: '上级采用' });
    await page.selectOption('#level', { label: '市级' });
    await page.fill('#outlet', '《青川政务信息》');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.locator('table.scores', { hasText: '市级上级采用' }).waitFor();
    await page.getByRole('link', { name: '信息计分' }).click();
    await page.waitForURL((u) => u.pathname === '/affairs/scores');
    const row = page.locator('table.score-table tbody tr', { hasText: '青禾镇' }).first();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0].trim() === '1', `青禾镇 ranks first, found ${cells[0]}`);
    expect(cells[cells.length - 1].trim() === '4', `1 point for the journal and 3 for the city, found ${cells[cells.length - 1]}`);
    await shot(page, 'affairs-scores.png');
    await signOut(page);
  });

  let receptionUrl = '';
  await step('行政科 registers a reception with too many escorts: shown with its rule, 送审批 refused', async () => {
    await as('jiedai');
    await goto(page, `${BASE}/affairs/receptions/new`);
    const start = await page.inputValue('#start_on');
    await page.fill('#letter_no', '青川政办函〔2026〕18号');
    await page.fill('#visiting_unit', '青川县人民政府办公室');
    await page.fill('#guests', '2');
    await page.fill('#purpose', '考察督查督办信息化建设');
    await page.fill('#visitors_text', '李明 青川县政府办 副主任\n王芳 青川县政府办 科长');
    await page.fill('#itinerary_text', `${start} 09:00 县政府办 座谈交流`);
    await page.fill('#escorts', '4');
    await page.fill('#meal', '50');
    await page.fill('#menu', '家常菜四菜一汤');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL((u) => /^\/affairs\/receptions\/[^/]+$/.test(u.pathname));
    receptionUrl = page.url().split('?')[0];
    await page.locator('.breaches', { hasText: '陪餐4人，最多3人' }).waitFor();
    await page.getByRole('button', { name: '送审批' }).click();
    await page.locator('[role=alert]', { hasText: '不能送审批' }).waitFor();
    await shot(page, 'affairs-reception-refused.png');
  });

  await step('the plan is corrected and sent for approval', async () => {
    await goto(page, receptionUrl);
    await page.getByRole('link', { name: '修改计划' }).click();
    await page.fill('#escorts', '2');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.rules-ok').waitFor();
    await page.getByRole('button', { name: '送审批' }).click();
    await page.locator('.tag.state', { hasText: '待审批' }).waitFor();
    await signOut(page);
  });

  await step('办公室主任 approves it', async () => {
    await as('zhuren');
    await goto(page, receptionUrl);
    await page.getByRole('button', { name: '批准' }).click();
    await page.locator('.tag.state', { hasText: '已批准' }).waitFor();
    await signOut(page);
  });

  await step('after the visit 行政科 fills in the 接待清单; the leader signs it', async () => {
    await as('jiedai');
    await goto(page, receptionUrl);
    await page.getByRole('link', { name: '填报接待清单' }).click();
    await page.fill('#escorts', '3');
    await page.fill('#other', '200');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('table.differences', { hasText: '陪餐人数' }).waitFor();
    await signOut(page);
    await as('zhuren');
    await goto(page, receptionUrl);
    await page.getByRole('button', { name: '负责人签字' }).click();
    await page.locator('.tag.state', { hasText: '清单已签字' }).waitFor();
    await page.locator('.signature', { hasText: '负责人签字' }).waitFor();
    const pdf = await page.request.get(`${receptionUrl}/list.pdf`);
    expect(pdf.ok() && (await pdf.body()).subarray(0, 4).toString() === '%PDF', `接待清单 PDF answered ${pdf.status()}`);
    expect(pathOf(page) === new URL(receptionUrl).pathname, `ended at ${page.url()}`);
    await shot(page, 'affairs-reception-signed.png');
  });
});
