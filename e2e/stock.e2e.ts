import { expect, test } from './fixtures';
import { seedProductCount } from './e2e-paths';
import { fold, matchesWordPrefix, type SeedDb } from './seed-queries';

/**
 * A search fragment taken from real names: a whole word of 4+ letters whose word-prefix matches
 * (what the app searches) are exactly its substring matches in names (what a LIKE on the folded
 * name finds), so both readings of "search" agree on the expected rows. Prefers a word with ё, so
 * the test also proves ё/е folding.
 */
function pickFragment(seed: SeedDb): { typed: string; expected: number[] } {
  const counts = new Map<string, number>();
  const withYo = new Set<string>();
  for (const product of seed.products) {
    for (const word of product.name.split(/[^\p{L}]+/u)) {
      if (word.length < 4 || !/^[А-ЯЁа-яё]+$/.test(word)) continue;
      const folded = fold(word);
      counts.set(folded, (counts.get(folded) ?? 0) + 1);
      if (/[ёЁ]/.test(word)) withYo.add(folded);
    }
  }
  const candidates = [...counts.entries()]
    .filter(([, n]) => n >= 5 && n <= 2_000)
    .map(([word]) => word)
    .sort();
  const ordered = [...candidates.filter((w) => withYo.has(w)), ...candidates];
  for (const word of ordered) {
    const bySubstring = seed.products.filter((p) => fold(p.name).includes(word)).map((p) => p.id);
    const byWordPrefix = seed.products.filter((p) => matchesWordPrefix(p, word)).map((p) => p.id);
    if (bySubstring.length === byWordPrefix.length && bySubstring.every((id, i) => id === byWordPrefix[i])) {
      // Typed in upper case with е for ё: the app must fold both.
      return { typed: word.toUpperCase(), expected: bySubstring };
    }
  }
  throw new Error('no name word in the seed whose substring and word-prefix matches agree');
}

// The app opens on Сводка (the managers' start screen); these tests begin on Остатки.
test.beforeEach(async ({ shell }) => {
  await shell.goTo('stock');
});

test.describe('stock screen', () => {
  test('shows virtualised rows and a total of 20 000 for all warehouses', async ({ shell, stock, seed }) => {
    await expect(shell.title).toHaveText('Остатки');
    expect(seed.products).toHaveLength(seedProductCount);
    // The default is the home store; the list still holds every product (zero where it has none).
    const home = seed.warehouses.find((w) => w.isHome);
    if (home) await expect(stock.warehouse).toHaveValue(String(home.id));
    await stock.selectAllWarehouses();
    await stock.expectTotal(seedProductCount);
    const rows = await stock.visibleRows();
    expect(rows.length).toBeGreaterThan(10);
    // Only the visible window is in the DOM, not 20 000 rows.
    expect(rows.length).toBeLessThan(200);
    await expect(stock.rows.first().locator('[data-col="name"]')).not.toBeEmpty();
  });

  test('narrows to rows whose name contains a Cyrillic fragment, ё/е and case folded', async ({ shell, stock, seed }) => {
    await shell.waitReady();
    await stock.selectAllWarehouses();
    await stock.expectTotal(seedProductCount);
    const { typed, expected } = pickFragment(seed);
    test.info().annotations.push({ type: 'search', description: `${typed} → ${expected.length} products` });
    await stock.searchFor(typed);
    await stock.expectTotal(expected.length);
    const rows = await stock.visibleRows();
    expect(rows.length).toBe(Math.min(expected.length, rows.length));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(fold(row.name)).toContain(fold(typed));
    const expectedIds = new Set(expected);
    for (const row of rows) expect(expectedIds.has(row.id)).toBe(true);
  });

  test('finds exactly one product by its full EAN-13 barcode', async ({ shell, stock, seed }) => {
    await shell.waitReady();
    const ean = (code: string) => /^\d{13}$/.test(code);
    const withEan = seed.products.filter((p) => p.barcodes.some(ean));
    expect(withEan.length).toBeGreaterThan(0);
    // The middle of the catalog, not the first row: the table's first row would pass by accident.
    const product = withEan[Math.floor(withEan.length / 2)];
    if (!product) throw new Error('no product with an EAN-13 barcode');
    const barcode = product.barcodes.find(ean) ?? '';
    await stock.searchFor(barcode);
    await stock.expectTotal(1);
    const rows = await stock.visibleRows();
    expect(rows.map((r) => r.id)).toEqual([product.id]);
    expect(rows[0]?.name).toBe(product.name);
  });

  test('sorts by name both ways and by quantity as the database orders them', async ({ shell, stock, seed }) => {
    await shell.waitReady();
    await stock.selectAllWarehouses();
    await stock.expectTotal(seedProductCount);
    await expect(stock.header('name')).toHaveAttribute('aria-sort', 'ascending');
    await stock.expectFirstIds(seed.orderByName(false).slice(0, 15));

    await stock.sortBy('name', 'descending');
    await stock.expectFirstIds(seed.orderByName(true).slice(0, 15));

    await stock.sortBy('qty', 'ascending');
    await expect(stock.header('name')).toHaveAttribute('aria-sort', 'none');
    const ascending = seed.orderByQty(false).slice(0, 15);
    await stock.expectFirstIds(ascending.map((r) => r.id));
    expect((await stock.visibleRows()).slice(0, 15).map((r) => r.qty)).toEqual(ascending.map((r) => r.qty));

    await stock.sortBy('qty', 'descending');
    const descending = seed.orderByQty(true).slice(0, 15);
    await stock.expectFirstIds(descending.map((r) => r.id));
    expect((await stock.visibleRows()).slice(0, 15).map((r) => r.qty)).toEqual(descending.map((r) => r.qty));
  });

  test('loads further pages while scrolling to the end of the list', async ({ page, shell, stock, seed }) => {
    await shell.waitReady();
    await stock.selectAllWarehouses();
    await stock.expectTotal(seedProductCount);
    await page.getByTestId('stock-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const lastId = seed.orderByName(false).at(-1);
    await expect.poll(async () => (await stock.visibleRows()).at(-1)?.id).toBe(lastId);
    expect((await stock.visibleRows()).at(-1)?.index).toBe(seedProductCount - 1);
  });
});

test.describe('product card', () => {
  test('opens from the keyboard with the product\'s barcodes and stock per warehouse, and closes with Esc', async ({
    page,
    shell,
    stock,
    productCard,
    seed,
  }) => {
    await shell.waitReady();
    await expect(stock.dataAsOf).toHaveText(/^данные на /);
    const product = seed.products.find((p) => p.barcodes.length > 1 && seed.stockOf(p.id).length > 1);
    if (!product) throw new Error('no product with several barcodes and stock rows in the seed');
    await stock.searchFor(product.code);
    await expect(stock.row(product.id)).toBeVisible();
    const open = stock.row(product.id).getByTestId('stock-row-open');
    await open.focus();
    await page.keyboard.press('Enter');

    await expect(productCard.root).toBeVisible();
    await expect(productCard.name).toHaveText(product.name);
    await expect(productCard.code).toHaveText(product.code);
    await expect(productCard.barcodes).toHaveCount(product.barcodes.length);
    for (const barcode of product.barcodes) await expect(productCard.barcodes.filter({ hasText: barcode })).toHaveCount(1);
    const expectedStock = seed.stockOf(product.id);
    await expect(productCard.stockRows).toHaveCount(expectedStock.length);
    const shown = await productCard.stock();
    expect(shown.map((r) => r.qty).sort((a, b) => a - b)).toEqual(expectedStock.map((r) => r.qty).sort((a, b) => a - b));
    // Focus moved into the dialog (the close button comes first).
    await expect(productCard.closeButton).toBeFocused();

    await page.keyboard.press('Escape');
    await expect(productCard.root).toHaveCount(0);
    // Back where the user was, so the keyboard flow continues from the row.
    await expect(open).toBeFocused();

    await stock.row(product.id).click();
    await expect(productCard.root).toBeVisible();
    await productCard.closeButton.click();
    await expect(productCard.root).toHaveCount(0);
  });
});

test.describe('stock filters', () => {
  test('"only in stock" keeps the products with a positive quantity in the chosen warehouse', async ({ shell, stock, seed }) => {
    await shell.waitReady();
    const warehouse = seed.warehouses.find((w) => w.isHome) ?? seed.warehouses[0];
    if (!warehouse) throw new Error('the seed has no warehouses');
    await stock.warehouse.selectOption(String(warehouse.id));
    await stock.expectTotal(seedProductCount);
    await stock.inStockOnly.check();
    const positive = [...seed.quantities(warehouse.id).values()].filter((qty) => qty > 0).length;
    await stock.expectTotal(positive);
    for (const row of await stock.visibleRows()) expect(row.qty).toBeGreaterThan(0);
  });
});
