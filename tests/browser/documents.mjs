// 办文 in a real browser: the drafter writes a 通知 and takes the proofreader's suggestion with one click;
// it is reviewed, signed off, rechecked, registered (文号 allocated), produced and dispatched to 青禾镇; the
// town's liaison signs for the delivered 收文, registers it, distributes it for reading; the reader reads
// it and the liaison completes it. Usage: node documents.mjs BASE_URL SCREENSHOT_DIR
import { expect, goto, pathOf, run, setup, signIn, signOut, step } from './lib.mjs';

const { BASE, shotDir } = setup('documents');
const TITLE = `青禾县人民政府办公室关于做好第${Date.now() % 100000}号林区冬季森林防火工作的通知`;

async function as(page, username) {
  await goto(page, `${BASE}/login`);
  await signIn(page, username);
  await page.waitForURL((u) => u.pathname === '/');
}

async function userId(page, username) {
  const resp = await page.request.get(`${BASE}/api/v1/users?q=${username}`);
  expect(resp.ok(), `users API answered ${resp.status()}`);
  const found = (await resp.json()).items.find((u) => u.username === username);
  expect(found, `no user ${username}`);
  return found.id;
}

/// Opens the first 待办 whose title contains `title`.
async function openTodo(page, title) {
  await goto(page, `${BASE}/documents`);
  await page.getByRole('link', { name: title }).first().click();
  await page.waitForURL((u) => /^\/documents\/[0-9a-f-]{36}$/.test(u.pathname));
}

async function act(page, button, state) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('.tag', { hasText: state }).first().waitFor();
}

await run('documents', shotDir, async (state, shot) => {
  const page = await (await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(20_000);
  state.page = page;
  let docPath = '';

  await step('the drafter writes a 通知 and takes a proofreading suggestion with one click', async () => {
    await as(page, 'mishu');
    await goto(page, `${BASE}/documents/new?type=notice`);
    await page.fill('#title', TITLE);
    await page.fill('#to', '各乡镇人民政府，县直各部门：');
    await page.fill('#body', '为做好今冬明春森林防火工作，现就有关事项通知如下。\n一、提高思想认识\n各乡镇要再接再励，12月10日前完成隐患排查。');
    const take = page.getByRole('button', { name: '采纳：再接再厉' });
    await take.waitFor();
    await take.click();
    await page.waitForFunction(() => document.querySelector('#body').value.includes('再接再厉'));
    await page.locator('#proof', { hasText: '校对未发现问题' }).waitFor();
    await shot(page, 'documents-draft.png');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL((u) => /^\/documents\/[0-9a-f-]{36}$/.test(u.pathname));
    docPath = pathOf(page);
    await page.locator('.p-body.lv1', { hasText: '一、提高思想认识' }).waitFor();
    const reviewer = await userId(page, 'mishu3');
    const signer = await userId(page, 'zhuren');
    await page.selectOption('#reviewer_id', reviewer);
    await page.selectOption('#signer_id', signer);
    await act(page, '送审核', '核稿中');
    await signOut(page);
  });

  await step('the reviewer sends it to the signer, who signs it off', async () => {
    await as(page, 'mishu3');
    await openTodo(page, TITLE);
    await act(page, '送签发', '待签发');
    await signOut(page);
    await as(page, 'zhuren');
    await openTodo(page, TITLE);
    expect(await page.inputValue('#opinion-so') === '同意印发', 'the opinion is prefilled');
    await act(page, '签发', '待复核');
    await signOut(page);
  });

  await step('the 文书 rechecks, registers (文号), produces and dispatches it to 青禾镇', async () => {
    await as(page, 'wenshu');
    await goto(page, `${BASE}${docPath}`);
    await act(page, '复核', '待登记');
    await page.selectOption('#dist_unit_id', [{ label: '青禾镇' }]);
    await page.locator('input[name=paper_name]').first().fill('市人民政府办公室');
    await page.locator('input[name=paper_copies]').first().fill('2');
    await act(page, '登记', '待印制');
    const number = await page.locator('.p-number').innerText();
    expect(/青政办发〔\d{4}〕\d+号/.test(number), `文号 shown: ${number}`);
    await act(page, '印制', '待核发');
    await act(page, '核发', '已核发');
    await page.locator('td', { hasText: '未签收' }).first().waitFor();
    const pdf = await page.request.get(`${BASE}${docPath}/pdf`);
    expect(pdf.ok() && pdf.headers()['content-type'] === 'application/pdf', 'the PDF downloads');
    await shot(page, 'documents-dispatched.png');
    await signOut(page);
  });

  await step('the town signs for the 收文, registers it and distributes it for reading', async () => {
    await as(page, 'xz01');
    await page.locator('.todos').getByText('公文待办').first().waitFor();
    await openTodo(page, TITLE);
    await act(page, '签收', '待登记');
    await page.fill('#pages', '3');
    await act(page, '登记', '待初审');
    expect((await page.locator('.card').first().innerText()).includes('收〔'), 'a 收文编号 is given');
    await act(page, '初审通过', '待拟办');
    await page.selectOption('#reader-distribute', [{ value: await userId(page, 'xz01b') }]);
    await act(page, '分送阅知', '传阅中');
    await signOut(page);
  });

  await step('the reader reads it and the liaison completes it', async () => {
    await as(page, 'xz01b');
    await openTodo(page, TITLE);
    await page.fill('#comment-r', '已阅，按要求落实。');
    await page.getByRole('button', { name: '阅毕', exact: true }).click();
    await page.locator('td', { hasText: '已阅，按要求落实。' }).waitFor();
    await signOut(page);
    await as(page, 'xz01');
    await goto(page, `${BASE}/documents?tab=doing`);
    await page.getByRole('link', { name: TITLE }).first().click();
    await page.fill('#reply', '已组织排查。');
    await act(page, '办结', '已办结');
    await shot(page, 'documents-completed.png');
    await signOut(page);
  });

  await step('the sender sees that the town has signed for it', async () => {
    await as(page, 'wenshu');
    await goto(page, `${BASE}${docPath}`);
    const table = await page.locator('.card', { hasText: '分发与签收' }).innerText();
    expect(!table.includes('未签收'), `still unsigned: ${table}`);
  });
});
