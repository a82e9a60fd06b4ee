// Opens an annals HTML report (built by tests/cli/report_browser.sh from the
// store_tool fixture) in headless Debian Chromium and checks what a reader
// sees: the charts' series and points, the event table, filtering, sorting,
// highlighted evidence, and that story text containing <script> is text.
//   node report.test.js REPORT.html [SCREENSHOT.png]
// The screenshot is written only when UPDATE_SCREENSHOT=1.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const report = process.argv[2];
const shot = process.argv[3];
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
let failures = 0, passes = 0;
function check(cond, what) {
  if (cond) { passes++; } else { failures++; console.log('FAIL: ' + what); }
}
function eq(got, want, what) {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  check(g === w, `${what}: got ${g}, expected ${w}`);
}

(async () => {
  if (!report || !fs.existsSync(report)) throw new Error('no report: ' + report);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'annals-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    const dialogs = [], remote = [], errors = [];
    page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
    page.on('request', r => { if (!r.url().startsWith('file:')) remote.push(r.url()); });
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto('file://' + path.resolve(report));

    // The most active dyads, most events first.
    const top = await page.$$eval('svg[data-chart="top-dyads"] rect[data-dyad]',
      rs => rs.map(r => [r.dataset.dyad, Number(r.dataset.value)]));
    eq(top, [['CHN-SUN', 11], ['SUN-USA', 3], ['CUB-SUN', 1]], 'top dyads chart');
    const sections = await page.$$eval('section.dyad', ss => ss.map(s => s.dataset.dyad));
    eq(sections, ['CHN-SUN', 'SUN-USA', 'CUB-SUN'], 'dyad sections (default: 3 most active)');

    // Goldstein timeline: two series, one point per year 1956..1969.
    const gold = await page.$$eval('svg[data-chart="goldstein"][data-dyad="CHN-SUN"] g[data-series]',
      gs => gs.map(g => [g.dataset.series,
        Array.from(g.querySelectorAll('circle')).map(c => [c.dataset.period, Number(c.dataset.value)])]));
    eq(gold.map(g => g[0]), ['CHN->SUN', 'SUN->CHN'], 'goldstein series');
    const pts = Object.fromEntries(gold.map(g => [g[0], Object.fromEntries(g[1])]));
    eq(gold.map(g => g[1].length), [14, 14], 'goldstein points per series');
    eq(pts['SUN->CHN']['1956'], 11.4, 'SUN->CHN 1956');
    eq(pts['SUN->CHN']['1957'], 0, 'SUN->CHN 1957 (no events)');
    eq(pts['SUN->CHN']['1960'], -7, 'SUN->CHN 1960');
    eq(pts['CHN->SUN']['1960'], -2, 'CHN->SUN 1960 (the non-CAMEO code has no score)');
    eq(pts['CHN->SUN']['1969'], -10, 'CHN->SUN 1969');

    // Stacked quad counts, both directions together.
    const quads = await page.$$eval('svg[data-chart="quads"][data-dyad="CHN-SUN"] g[data-series]',
      gs => Object.fromEntries(gs.map(g => [g.dataset.series,
        Object.fromEntries(Array.from(g.querySelectorAll('rect')).map(r => [r.dataset.period, Number(r.dataset.value)]))])));
    eq(Object.keys(quads), ['quad1', 'quad2', 'quad3', 'quad4'], 'quad series');
    eq([quads.quad1['1956'], quads.quad4['1956']], [2, 0], 'quads 1956');
    eq([quads.quad1['1958'], quads.quad3['1960'], quads.quad4['1960']], [2, 1, 1], 'quads 1958/1960');
    eq(quads.quad4['1969'], 2, 'quads 1969');
    eq(Object.keys(quads.quad3).length, 14, 'one bar per year');

    // The event table, filtering and sorting.
    const sec = 'section.dyad[data-dyad="CHN-SUN"]';
    const visible = () => page.$$eval(`${sec} tbody tr`, rs => rs.filter(r => !r.hidden).length);
    eq(await visible(), 11, 'CHN-SUN table rows');
    eq(await page.getAttribute(`${sec} .shown`, 'data-shown'), '11', 'shown count');
    await page.fill(`${sec} .filter-text`, 'zhenbao');
    eq(await visible(), 2, 'text filter "zhenbao"');
    eq(await page.textContent(`${sec} .shown`), '2 of 11 events shown', 'shown text');
    await page.fill(`${sec} .filter-text`, '');
    await page.selectOption(`${sec} .filter-quad`, '4');
    eq(await visible(), 4, 'quad filter: material conflict');
    await page.selectOption(`${sec} .filter-quad`, '');
    eq(await visible(), 11, 'filters cleared');
    await page.click(`${sec} th:has-text("Goldstein")`);
    const sorted = await page.$$eval(`${sec} tbody tr`, rs => rs.map(r => r.cells[5].textContent));
    eq(sorted.slice(0, 3), ['-10.0', '-10.0', '-7.0'], 'sorted by Goldstein, ascending');
    await page.click(`${sec} th:has-text("Goldstein")`);
    const desc = await page.$$eval(`${sec} tbody tr`, rs => rs.map(r => r.cells[5].textContent));
    eq(desc[0], '8.0', 'sorted by Goldstein, descending');

    // Evidence: actor and verb spans marked.
    const marks = await page.$$eval(`${sec} tr`, rs => {
      const r = rs.find(x => x.textContent.includes('trade pact'));
      return r ? Array.from(r.querySelectorAll('mark')).map(m => [m.className, m.textContent]) : null;
    });
    eq(marks, [['src', 'Khrushchev'], ['verb', 'signed a trade pact'], ['tgt', 'Mao Zedong']], 'highlighted spans');

    // A story containing <script> shows it as text and runs nothing.
    const ev = await page.$$eval('section.dyad[data-dyad="SUN-USA"] td.ev', tds => tds.map(t => t.textContent));
    check(ev.some(t => t.includes("A <script>alert('x')</script> Soviet note protested to Washington & its allies.")),
      'script text shown literally: ' + JSON.stringify(ev));
    eq(await page.$$eval('script', s => s.length), 1, 'only the report\'s own script');
    eq(dialogs, [], 'no alert fired');
    eq(remote, [], 'no network requests');
    eq(errors, [], 'no script errors');

    if (process.env.UPDATE_SCREENSHOT === '1' && shot) {
      await page.goto('file://' + path.resolve(report));
      await page.screenshot({ path: shot, fullPage: false });
      console.log('screenshot: ' + shot);
    }
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`browser: ${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
})().catch(e => { console.log('FAIL: ' + (e && e.stack || e)); process.exit(1); });
