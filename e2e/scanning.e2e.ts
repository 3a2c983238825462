import { cpus, loadavg, totalmem } from 'node:os';
import { summarize, writeE2eReportSection } from './benchmark-report';
import { expect, test } from './fixtures';
import { ScanDesk } from './pages/scan-desk.page';
import { type ScannableProduct, type SeedDb } from './seed-queries';
import { asTypedInRussian, GS, WedgeKeyboard } from './wedge-keyboard';

type ScanFixtures = { desk: ScanDesk; wedge: WedgeKeyboard };

const withScanner = test.extend<ScanFixtures>({
  desk: async ({ page }, use) => {
    await use(new ScanDesk(page));
  },
  wedge: async ({ page }, use) => {
    const wedge = new WedgeKeyboard(page);
    await use(wedge);
    await wedge.dispose();
  },
});

function ean13CheckDigit(twelve: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(twelve.charAt(i)) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** Products a scan finds by an EAN-13 of their own, with their stock: at the home warehouse and in total. */
function eanProducts(seed: SeedDb): Array<ScannableProduct & { totalQty: number }> {
  const home = seed.warehouses.find((w) => w.isHome) ?? seed.warehouses[0];
  if (!home) throw new Error('the seed database has no warehouse');
  const totals = seed.quantities();
  const products = seed
    .scannable(home.id)
    .filter((p) => /^\d{13}$/.test(p.barcode) && ean13CheckDigit(p.barcode.slice(0, 12)) === Number(p.barcode.charAt(12)))
    .map((p) => ({ ...p, totalQty: totals.get(p.id) ?? 0 }));
  if (products.length < 25) throw new Error('the seed database has too few products with an EAN-13');
  return products;
}

/** A valid EAN-13 that no product in the seed carries. */
function unknownEan13(seed: SeedDb): string {
  const known = new Set(seed.products.flatMap((p) => p.barcodes));
  for (let n = 987_654_321; ; n += 7) {
    const twelve = `460${String(n).padStart(9, '0')}`;
    const code = `${twelve}${ean13CheckDigit(twelve)}`;
    if (!known.has(code)) return code;
  }
}

/** A footwear-style Честный знак code for a GTIN: 01 GTIN-14, 21 serial (13), GS, 91 key (4), GS, 92 signature (44). */
function markingCode(ean13: string): string {
  // Mixed case and the symbols the Russian layout remaps (< / & _ +): decoding by key position must keep them.
  const serial = 'G+mgsHw<DiLN_';
  const signature = 'sOe6fy7lPT8aFVGTq45/7&ZxYwVuTsRqPoNmLkJiHgFe';
  expect(signature).toHaveLength(44);
  return `010${ean13}21${serial}${GS}91EE05${GS}92${signature}`;
}

withScanner.describe('keyboard-wedge scanning', () => {
  withScanner(
    'a fast Russian-layout burst of an EAN-13 finds its product on the scan desk; a marking code with Ctrl+] keeps GS',
    async ({ shell, seed, desk, wedge, page }) => {
      const [product] = eanProducts(seed);
      if (!product) throw new Error('no product');

      await shell.goTo('scan');
      await expect(shell.title).toHaveText('Касса/Сканирование');
      await expect(desk.empty).toBeVisible();

      // Key values are Cyrillic (the OS layout), codes are Latin key positions; 6 ms between keys.
      await wedge.scan(product.barcode, { layout: 'ru', gapMs: 6 });
      await desk.waitAnswered(1);
      await expect(desk.result).toHaveAttribute('data-kind', 'product');
      await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));
      await expect(desk.productName).toHaveText(product.name);
      await expect(desk.canonical).toHaveAttribute('data-value', product.barcode);
      await expect(desk.format).toHaveAttribute('data-value', 'ean13');
      expect([product.qty, product.totalQty]).toContain(Number(await desk.stock.getAttribute('data-value')));
      await expect(desk.price).toBeVisible();

      const code = markingCode(product.barcode);
      // What a text box would have received under the Russian layout, GS lost: the bug this prevents.
      expect(asTypedInRussian(code)).toContain('П+ьпыРцБВшДТ_');
      await wedge.scan(code, { layout: 'ru', gapMs: 6 });
      await desk.waitAnswered(2);
      await expect(desk.result).toHaveAttribute('data-kind', 'product');
      await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));
      await expect(desk.productName).toHaveText(product.name);
      await expect(desk.format).toHaveAttribute('data-value', 'marking');
      await expect(desk.canonical).toHaveAttribute('data-value', code);
      await expect(desk.canonical).toHaveText(code.replaceAll(GS, '␝'));
      await expect(desk.result.locator('[data-testid="scan-field"][data-ai="21"] td').last()).toHaveText('G+mgsHw<DiLN_');
      await expect(desk.result.locator('[data-testid="scan-field"][data-ai="91"] td').last()).toHaveText('EE05');
      await expect(desk.history).toHaveCount(2);
      // Nothing the scanner typed landed anywhere as text.
      await expect(page.locator('body')).not.toContainText('ПЪьпы');
    },
  );

  withScanner('a scan made on another screen brings the scan desk up with the product', async ({ shell, seed, desk, wedge, stock }) => {
    const product = eanProducts(seed)[1];
    if (!product) throw new Error('no product');
    await shell.goTo('stock');
    await stock.search.click();
    await wedge.scan(product.barcode, { layout: 'ru', gapMs: 8 });
    await expect(shell.navLink('scan')).toHaveAttribute('aria-current', 'page');
    await desk.waitAnswered(1);
    await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));
  });

  withScanner(
    'slow human typing in a quantity field stays typing there, and a scan while it has focus goes to the document, not into the field',
    async ({ shell, seed, documents, editor, wedge, page }) => {
      const [first, second] = eanProducts(seed);
      if (!first || !second) throw new Error('no products');
      await shell.goTo('documents');
      await documents.create('receipt');
      await editor.scan(first.barcode);
      await expect(editor.line(first.id)).toHaveAttribute('data-qty', '1000');

      const qty = editor.line(first.id).getByTestId('line-qty');
      await qty.click();
      // 120 ms between keys under the Russian layout: "1", the key that types "," there (US "?"), "5".
      await wedge.type('1?5', { layout: 'ru', gapMs: 120, isEnterAfter: false });
      await expect(qty).toHaveValue('1,5');
      await expect(qty).toBeFocused();

      // A scanner fires while the quantity still has focus: the scan becomes a line, the field keeps "1,5".
      const answers = page.getByTestId('scan-answers');
      const before = Number(await answers.getAttribute('data-answers'));
      await wedge.scan(second.barcode, { layout: 'ru', gapMs: 6 });
      await expect(answers).toHaveAttribute('data-answers', String(before + 1));
      await expect(editor.scanFeedback).toContainText(second.name);
      await expect(editor.line(second.id)).toHaveAttribute('data-qty', '1000');
      await expect(qty).toHaveValue('1,5');
      await expect(qty).toBeFocused();

      // The typed quantity is still the clerk's to confirm.
      await page.keyboard.press('Enter');
      await expect(qty).toHaveAttribute('data-value', '1500');
      await expect(editor.line(first.id)).toHaveAttribute('data-qty', '1500');
    },
  );

  withScanner('a code typed by hand into the scan field and confirmed with Enter still adds its line', async ({ shell, seed, documents, editor, wedge }) => {
    const product = eanProducts(seed)[2];
    if (!product) throw new Error('no product');
    await shell.goTo('documents');
    await documents.create('receipt');
    await expect(editor.scanInput).toBeFocused();
    await wedge.type(product.barcode, { layout: 'ru', gapMs: 110 });
    await expect(editor.scanFeedback).toContainText(product.name);
    await expect(editor.line(product.id)).toHaveAttribute('data-qty', '1000');
    await expect(editor.scanInput).toHaveValue('');
  });

  withScanner(
    'an unknown code says so; linking it to a product makes the next scan of that code find the product',
    async ({ shell, seed, desk, wedge }) => {
      const product = eanProducts(seed)[3];
      if (!product) throw new Error('no product');
      const code = unknownEan13(seed);

      await shell.goTo('scan');
      await wedge.scan(code, { layout: 'ru', gapMs: 7 });
      await desk.waitAnswered(1);
      await expect(desk.result).toHaveAttribute('data-kind', 'unknown');
      await expect(desk.unknown).toHaveText('Товар с таким кодом не найден');
      await expect(desk.error).toContainText(code);

      await desk.linkOpen.click();
      await expect(desk.linkSearch).toBeFocused();
      await desk.linkSearch.fill(product.name);
      const option = desk.linkOptions.and(desk.page.locator(`[data-id="${product.id}"]`));
      await option.click();
      await expect(desk.linked).toBeVisible();
      await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));

      await wedge.scan(code, { layout: 'ru', gapMs: 7 });
      await desk.waitAnswered(2);
      await expect(desk.result).toHaveAttribute('data-kind', 'product');
      await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));
      await expect(desk.productName).toHaveText(product.name);
    },
  );

  withScanner('scan-to-render is measured for 20 scans and recorded in docs/benchmarks.md', async ({ shell, seed, desk, wedge, browser, page }, testInfo) => {
    const products = eanProducts(seed).slice(0, 20);
    await shell.goTo('scan');
    // Where the time goes, for the report: when the Enter's keydown had been handled (this listener
    // runs right after the app's own capture listener) and when scans.resolve's answer arrived.
    // A script string: the e2e project is compiled without the DOM library.
    await page.evaluate(`(() => {
      window.__enterHandled = [];
      window.addEventListener('keydown', (e) => { if (e.code === 'Enter') window.__enterHandled.push([e.timeStamp, performance.now()]); }, { capture: true });
    })()`);
    const loadBefore = loadavg()[0] ?? 0;
    const timings: number[] = [];
    const parts: Array<{ enter: number; answer: number; render: number }> = [];
    for (const [index, product] of products.entries()) {
      await wedge.scan(product.barcode, { layout: 'ru', gapMs: 6 });
      await desk.waitAnswered(index + 1);
      await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));
      const total = await desk.scanToRenderMs(index + 1);
      timings.push(total);
      const [stamp, handled, responseEnd] = await page.evaluate<number[]>(`(() => {
        const [stamp, handled] = window.__enterHandled.at(-1);
        const answer = performance.getEntriesByType('resource').filter((r) => r.name.includes('/scans.resolve')).at(-1);
        return [stamp, handled, answer ? answer.responseEnd : NaN];
      })()`);
      const answered = (responseEnd ?? NaN) - (stamp ?? NaN);
      parts.push({ enter: (handled ?? NaN) - (stamp ?? NaN), answer: answered, render: total - answered });
    }
    const loadAfter = loadavg()[0] ?? 0;

    // Measured, every one: a finite, positive time per scan. The 100 ms goal is reported, not asserted.
    expect(timings).toHaveLength(20);
    for (const ms of timings) expect(Number.isFinite(ms) && ms > 0).toBe(true);

    const summary = summarize(timings);
    const isMet = summary.p95 <= 100;
    const row = (label: string, values: number[]): string => {
      const part = summarize(values);
      return `| ${label} | ${part.p50.toFixed(1)} | ${part.p95.toFixed(1)} | ${part.max.toFixed(1)} | ${part.min.toFixed(1)} | ${part.mean.toFixed(1)} |`;
    };
    const cpu = cpus();
    const body = [
      `Measured ${new Date().toISOString()} by \`npx playwright test e2e/scanning.e2e.ts\` (the test «${testInfo.title}»).`,
      '',
      `- Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}, Node ${process.version}`,
      `- Browser: Chromium ${browser.version()} (Debian, headless) against the web host (\`out/main/web.js\`) on its copy of the 20,000-product seed database; Playwright runs ${testInfo.config.workers} workers, so other specs may share the CPU`,
      `- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on ${cpu.length} cores`,
      '- Input: 20 EAN-13 scans of different products as trusted key events (Chrome DevTools Protocol `Input.dispatchKeyEvent`), Russian layout (Cyrillic `key`, Latin `code`), stamped 6 ms apart and sent in one go (e2e/wedge-keyboard.ts explains why), then Enter stamped with the moment it is sent',
      '- Scan-to-render: from the `timeStamp` of the Enter that ended the burst to just after the frame that shows the product (layout effect → requestAnimationFrame → MessageChannel message), `performance.now()` clock; it includes decoding, `scans.resolve` over HTTP to the host (parse, lookup, scan log) and React rendering',
      '',
      '| measurement (ms) | p50 | p95 | max | min | mean |',
      '|---|---|---|---|---|---|',
      `| **scan to render**, ${summary.count} scans | ${summary.p50.toFixed(1)} | ${summary.p95.toFixed(1)} | ${summary.max.toFixed(1)} | ${summary.min.toFixed(1)} | ${summary.mean.toFixed(1)} |`,
      row('… of which from the Enter until its keydown was handled (delivery to the page, decoding, `scans.resolve` sent)', parts.map((p) => p.enter)),
      row('… of which from the Enter until `scans.resolve` answered (the above + HTTP to the host and back)', parts.map((p) => p.answer)),
      row('… of which from the answer to the painted product (React render, the next frame)', parts.map((p) => p.render)),
      '',
      `**Goal: p95 ≤ 100 ms — ${isMet ? 'PASS' : 'FAIL'}** (p95 ${summary.p95.toFixed(1)} ms). Reported here, not asserted by the spec: timings on a shared machine belong in benchmarks.`,
      '',
      `Per scan (ms): ${timings.map((ms) => ms.toFixed(1)).join(', ')}.`,
    ].join('\n');
    const isWritten = writeE2eReportSection('## Scan to render (e2e)', body);
    await testInfo.attach('scan-to-render.md', { body, contentType: 'text/markdown' });
    process.stdout.write(
      `scan to render: p50 ${summary.p50.toFixed(1)} ms, p95 ${summary.p95.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms (goal p95 ≤ 100 ms: ${isMet ? 'met' : 'NOT met'})${isWritten ? '; written to docs/benchmarks.md' : ''}\n`,
    );
  });
});
