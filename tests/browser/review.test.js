// The review page in headless Chromium: values and source lines are linked
// both ways, keys and the filter work, nothing is fetched from the network and
// hostile text stays text, at desktop and phone widths.
//
// Usage (from the repository root, after `cargo build`):
//   node tests/browser/review.test.js
// Environment: JIXIAO (the binary, default target/debug/jixiao), CHROMIUM
// (default /usr/bin/chromium), OUT (where pages and screenshots go, default a
// temporary directory).
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const jixiao = process.env.JIXIAO || path.join(root, 'target', 'debug', 'jixiao');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const out = process.env.OUT || fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-review-'));
fs.mkdirSync(out, { recursive: true });

function review(args) {
  const r = spawnSync(jixiao, ['review', '-q', ...args], { cwd: root, encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.ok(r.status === 0 || r.status === 1, `jixiao review ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
}

const seedPage = path.join(out, 'seed.html');
review(['-o', seedPage, 'fixtures/seed/poverty-2019.txt']);
const hostileText = path.join(out, 'hostile.txt');
fs.writeFileSync(hostileText,
  '绩效目标申报表\n项目名称\t<script>alert(1)</script></script><img src=x onerror=alert(2)>\n' +
  '绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n' +
  '\t产出指标\t数量指标\t<b onclick=alert(3)>户数</b>\t≥340户\n');
const hostilePage = path.join(out, 'hostile.html');
review(['-o', hostilePage, hostileText]);
const batchDir = path.join(out, 'layouts') + path.sep;
review(['-o', batchDir, 'fixtures/layouts', 'fixtures/seed', '--glob', '*.txt']);

let failures = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n${e && e.stack ? e.stack : e}`);
  }
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  // Every request a page makes must be for the page itself: no network.
  const foreign = [];
  const problems = [];
  context.on('request', (req) => {
    if (!/^(file|data|about):/.test(req.url())) foreign.push(req.url());
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('dialog', async (d) => { problems.push(`dialog opened: ${d.message()}`); await d.dismiss(); });

  await step('seed page: clicking ≥340户 highlights its source line L15', async () => {
    await page.goto(pathToFileURL(seedPage).href);
    const value = page.locator('.records a.v', { hasText: /^≥340户$/ }).first();
    assert.equal(await value.getAttribute('data-line'), '15');
    await value.click();
    const line = page.locator('#L15');
    assert.match(await line.getAttribute('class'), /\bhighlight\b/);
    assert.equal(await line.getAttribute('aria-current'), 'true');
    assert.match(await value.getAttribute('class'), /\bhighlight\b/);
    const lit = await page.locator('.src .l.highlight').evaluateAll((ls) => ls.map((l) => l.id));
    assert.deepEqual(lit, ['L15']);
    assert.ok(await line.isVisible());
    assert.match(await line.textContent(), /≥340户/);
    await page.screenshot({ path: path.join(out, 'review-1280.png') });
  });

  await step('clicking a source line marks the values read from it', async () => {
    await page.locator('#L16 .t').click();
    const marked = await page.locator('.records .v.highlight').evaluateAll(
      (vs) => vs.map((v) => [v.textContent, v.getAttribute('data-line')]));
    assert.ok(marked.length >= 2, JSON.stringify(marked));
    assert.ok(marked.some(([t, l]) => t === '100%' && l === '16'), JSON.stringify(marked));
    assert.ok(marked.some(([t]) => t === '购买保险的完成率'), JSON.stringify(marked));
    assert.doesNotMatch((await page.locator('#L15').getAttribute('class')) || '', /highlight/);
    assert.equal(await page.locator('#L16').getAttribute('aria-current'), 'true');
  });

  await step('a value wrapped over lines highlights all of them', async () => {
    const multi = page.locator('.records a.v[data-line-end]').first();
    const a = Number(await multi.getAttribute('data-line'));
    const b = Number(await multi.getAttribute('data-line-end'));
    assert.ok(b > a);
    await multi.click();
    const lit = await page.locator('.src .l.highlight').evaluateAll((ls) => ls.map((l) => l.id));
    const want = [];
    for (let n = a; n <= b; n++) want.push(`L${n}`);
    assert.deepEqual(lit, want);
  });

  await step('j and k step through the problems and show their lines', async () => {
    await page.keyboard.press('Escape');
    const n = await page.locator('.diag.sev-warning, .diag.sev-error').count();
    assert.ok(n >= 1);
    await page.keyboard.press('j');
    const first = page.locator('.current-problem');
    assert.equal(await first.count(), 1);
    const line = await first.getAttribute('data-line');
    assert.match(await page.locator(`#L${line}`).getAttribute('class'), /highlight/);
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.equal(await page.locator('.current-problem').getAttribute('data-line'), line);
    // From a value clicked below the problem, k goes back up to it.
    const below = page.locator('.records a.v', { hasText: /^≥340户$/ }).last();
    assert.ok(Number(await below.getAttribute('data-line')) > Number(line));
    await below.click();
    assert.equal(await page.locator('.current-problem').count(), 0);
    await page.keyboard.press('k');
    assert.equal(await page.locator('.current-problem').getAttribute('data-line'), line);
  });

  await step('"needs review only" hides records that need no review', async () => {
    const all = await page.locator('.record').count();
    const attention = await page.locator('.record.attention').count();
    await page.locator('#only-review').check();
    const visible = await page.locator('.record').evaluateAll(
      (rs) => rs.filter((r) => r.offsetParent !== null).length);
    assert.equal(visible, attention);
    await page.locator('#only-review').uncheck();
    assert.equal(await page.locator('.record:visible').count(), all);
  });

  await step('opening the page at #L20 shows that line and its values', async () => {
    await page.goto(pathToFileURL(seedPage).href + '#L20');
    await page.reload();
    assert.match(await page.locator('#L20').getAttribute('class'), /highlight/);
    assert.ok(await page.locator('.records .v.highlight[data-line="20"]').count() >= 1);
  });

  await step('phone width: one column, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(pathToFileURL(seedPage).href);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide`);
    const value = page.locator('.records a.v', { hasText: /^≥340户$/ }).first();
    await value.click();
    assert.match(await page.locator('#L15').getAttribute('class'), /highlight/);
    assert.ok(await page.locator('#L15').isVisible());
    await page.screenshot({ path: path.join(out, 'review-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await step('hostile text stays text: no script runs, no element is made', async () => {
    await page.goto(pathToFileURL(hostilePage).href);
    const name = page.locator('.records a.v', { hasText: '<script>alert(1)</script>' }).first();
    assert.match(await name.textContent(), /^<script>alert\(1\)<\/script><\/script><img src=x onerror=alert\(2\)>$/);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('.records b, .src b').count(), 0);
    // Only the page's own two scripts exist; its data is whole JSON.
    assert.equal(await page.locator('script').count(), 2);
    const data = await page.evaluate(() => JSON.parse(document.getElementById('jixiao-data').textContent));
    assert.match(data.files[0].records[0].project_name, /<\/script>/);
    await page.locator('details.json summary').first().click();
    // The details' toggle event comes after the click: wait for the JSON view.
    const pre = page.locator('details.json pre').first();
    await pre.filter({ hasText: '"project_name"' }).waitFor();
    assert.match(await pre.textContent(), /<\/script>/);
    assert.equal(await page.locator('details.json pre script').count(), 0);
  });

  await step('batch: the index links a page per layout fixture, each working', async () => {
    await page.goto(pathToFileURL(path.join(batchDir, 'index.html')).href);
    const links = await page.locator('table.index a').evaluateAll((as) => as.map((a) => a.href));
    const inputs = fs.readdirSync(path.join(root, 'fixtures/layouts')).filter((f) => f.endsWith('.txt'));
    assert.equal(links.length, inputs.length + 1);
    for (const href of links) {
      await page.goto(href);
      const v = page.locator('.records a.v[data-line]').first();
      const n = await v.getAttribute('data-line');
      await v.click();
      assert.match(await page.locator(`#L${n}`).getAttribute('class'), /highlight/, href);
    }
  });

  await step('no request left the page, no script error', async () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  });

  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(`pages and screenshots in ${out}`);
  if (failures) {
    console.log(`${failures} failed`);
    process.exit(1);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
