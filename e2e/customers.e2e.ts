// Issue #8: customers both ways against the 1C emulator, driven through the UI — pulled from 1C,
// registered at the counter (a wrong INN refused with core's words, then fixed) and sent to 1C, changed
// on both sides into a conflict that is decided field by field in the queue, and put on a shipment.
// What 1C holds is read from the emulator itself, never through the app.
import { expect } from './fixtures';
import { connectAndPull, keepScreenshot, managerHostOptions, managerTest as test, managerTimeoutMs, pullNow } from './manager-fixtures';
import { CustomersPage } from './pages/customers.page';

// Refusals Chromium logs: a field core refuses (validation, HTTP 400) and a duplicate customer (conflict, 422).
// One pattern: Playwright reads a two-element array given to test.use as [value, options].
const refusals = [/status of (400 \(Bad Request\)|422 \(Unprocessable Entity\))/];

test.describe('customers against the 1C emulator', () => {
  test.use({ hostOptions: managerHostOptions, allowedConsoleErrors: refusals });
  test.setTimeout(managerTimeoutMs);

  test('pulled from 1C; registered at the counter with a wrong INN, fixed, and sent to 1C', async ({ emulator, host, shell, settings, sync, page }, testInfo) => {
    const customers = new CustomersPage(page);
    await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });

    // Every counterparty of 1C that is a customer card (no groups, none marked for deletion) is listed.
    const in1C = emulator.counterparties().filter((c) => !c.isFolder && !c.deletionMark);
    expect(in1C.length).toBeGreaterThan(10);
    await shell.goTo('customers');
    await expect(shell.title).toHaveText('Покупатели');
    await expect(customers.total).toHaveAttribute('data-total', String(in1C.length));

    // Found by a few digits of the INN, with its phone in the one form the app keeps.
    const company = in1C.find((c) => c.kind === 'company' && /^\d{10}$/.test(c.inn) && c.phones.length > 0);
    if (!company) throw new Error('the emulator has no company with an INN and a phone');
    await customers.searchFor(company.inn.slice(0, 8));
    const row = customers.rowNamed(company.name);
    await expect(row).toHaveCount(1);
    await expect(row.locator('[data-col="inn"]')).toHaveText(company.inn);
    await expect(row.locator('[data-col="phone"]')).toHaveText(`+7${(company.phones[0] ?? '').replace(/\D/g, '').slice(-10)}`);
    await expect(row).toHaveAttribute('data-state', 'synced');
    await expect(row.getByTestId('customer-state')).toHaveText('в 1С');
    await customers.searchFor('');
    await keepScreenshot(page, testInfo, 'customers-list');

    // Registered at the counter: one digit of the INN mistyped. Core refuses with its words, next to the field.
    await customers.newButton.click();
    await expect(customers.dialog).toBeVisible();
    const name = 'Ларец ООО';
    const goodInn = '7707083893';
    const badInn = '7707083890';
    await customers.fill({ kind: 'company', country: 'RU', name, inn: badInn, kpp: '773601001', phone: '8 (916) 555-12-34', email: 'Zakaz@Larets.RU' });
    await customers.dialog.getByTestId('customer-save').click();
    await expect(customers.fieldError('inn')).toContainText('ИНН с ошибкой');
    await expect(customers.field('inn')).toHaveAttribute('aria-invalid', 'true');
    await expect(customers.fieldError('name')).toHaveCount(0);
    await keepScreenshot(page, testInfo, 'customer-card-wrong-inn');

    await customers.field('inn').fill(goodInn);
    await customers.dialog.getByTestId('customer-save').click();
    await expect(customers.dialog).toHaveCount(0);

    // Sent through the outbox: the row turns «в 1С» by itself, and 1C has the card with the same data.
    await customers.searchFor('Ларец');
    const created = customers.rowNamed(name);
    await expect(created).toHaveCount(1);
    await expect(created).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
    await expect(created.locator('[data-col="phone"]')).toHaveText('+79165551234');
    await expect(created.locator('[data-col="email"]')).toHaveText('Zakaz@larets.ru');
    const sent = emulator.counterparties().filter((c) => c.name === name);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ inn: goodInn, kpp: '773601001', kind: 'company', deletionMark: false });
    expect(sent[0]?.phones.map((p) => p.replace(/\D/g, ''))).toEqual(['79165551234']);
    expect(sent[0]?.emails).toEqual(['Zakaz@larets.ru']);

    // A second card with the same INN is refused, and the card that has it is one click away.
    await customers.searchFor('');
    await customers.newButton.click();
    await customers.fill({ kind: 'company', name: 'Ларец (дубль)', inn: goodInn });
    await customers.dialog.getByTestId('customer-save').click();
    await expect(customers.dialog.getByTestId('customer-duplicate')).toBeVisible();
    await customers.dialog.getByTestId('customer-open-existing').click();
    await expect(customers.dialog.locator('form[data-id]')).toBeVisible();
    await expect(customers.field('name')).toHaveValue(name);
    await customers.dialog.getByTestId('customer-cancel').click();
    await expect(customers.dialog).toHaveCount(0);
  });

  test('changed in 1C and at the counter: the conflict is decided field by field in the queue and 1C ends with the merge', async ({
    emulator,
    host,
    shell,
    settings,
    sync,
    page,
  }, testInfo) => {
    const customers = new CustomersPage(page);
    await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });
    const person = emulator.counterparties().find((c) => !c.isFolder && !c.deletionMark && c.kind === 'person' && c.phones.length > 0 && c.emails.length > 0);
    if (!person) throw new Error('the emulator has no person with a phone and an e-mail');
    const localName = `${person.name} (магазин)`;
    const remoteName = `${person.name} (1С)`;
    const localPhone = '+79990001122';
    const remoteEmail = 'new.address@example.ru';

    // In 1C someone renames the customer and changes the e-mail.
    emulator.mutate.changeCounterparty(person.ref, { name: remoteName, email: remoteEmail });
    // At the counter, before the next pull, someone renames it differently and changes the phone.
    await shell.goTo('customers');
    await customers.searchFor(person.name);
    await customers.open(person.name);
    await customers.fill({ name: localName, phone: '+7 999 000-11-22' });
    await customers.dialog.getByTestId('customer-save').click();
    await expect(customers.dialog).toHaveCount(0);
    // The send finds 1C changed too, or the next pull does: either way the customer waits in the queue.
    await pullNow(shell, sync);
    await expect(customers.navBadge).toHaveAttribute('data-count', '1');

    await shell.goTo('customers');
    await customers.tab('conflicts').click();
    await expect(customers.tab('conflicts')).toHaveText('Конфликты (1)');
    const conflict = customers.conflicts.first();
    await expect(customers.conflicts).toHaveCount(1);
    // Side by side: the name changed on both sides, the phone only here, the e-mail only in 1C.
    await expect(conflict.getByTestId('conflict-field-name')).toHaveAttribute('data-state', 'both');
    await expect(conflict.getByTestId('conflict-field-phone')).toHaveAttribute('data-state', 'local');
    await expect(conflict.getByTestId('conflict-field-email')).toHaveAttribute('data-state', 'remote');
    await expect(conflict.getByTestId('conflict-field-inn')).toHaveAttribute('data-state', 'same');
    // Defaults: the side that changed the field; 1C where both did.
    await expect(conflict.getByTestId('conflict-take-phone-local')).toBeChecked();
    await expect(conflict.getByTestId('conflict-take-email-remote')).toBeChecked();
    await expect(conflict.getByTestId('conflict-take-name-remote')).toBeChecked();
    // The store's name is the right one: taken from the store, the rest as proposed.
    await customers.take(conflict, 'name', 'local');
    await expect(conflict.getByTestId('conflict-outcome')).toHaveText('Итог отличается от 1С и будет отправлен в 1С.');
    await keepScreenshot(page, testInfo, 'customer-conflict');
    await conflict.getByTestId('conflict-apply').click();
    await expect(customers.conflicts).toHaveCount(0);
    await expect(page.getByTestId('conflicts-empty')).toBeVisible();
    await expect(customers.navBadge).toHaveCount(0);

    // The merge goes to 1C: the store's name and phone, 1C's e-mail.
    await customers.tab('list').click();
    await customers.searchFor(localName);
    await expect(customers.rowNamed(localName)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
    const merged = emulator.counterparty(person.ref);
    expect(merged?.name).toBe(localName);
    expect(merged?.phones.map((p) => `+${p.replace(/\D/g, '')}`)).toEqual([localPhone]);
    expect(merged?.emails).toEqual([remoteEmail]);
    expect(merged?.inn).toBe(person.inn);

    // A pull afterwards finds nothing to decide.
    await pullNow(shell, sync);
    await expect(customers.navBadge).toHaveCount(0);
  });

  test('a shipment carries the customer chosen in its header to 1C, and the customer card lists it', async ({ emulator, host, shell, settings, sync, page, documents, editor }, testInfo) => {
    const customers = new CustomersPage(page);
    const store = await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });
    const company = emulator.counterparties().find((c) => !c.isFolder && !c.deletionMark && c.kind === 'company' && /^\d{10}$/.test(c.inn));
    if (!company) throw new Error('the emulator has no company with an INN');
    const [product] = store.products;
    if (!product) throw new Error('no stocked product');

    await shell.goTo('documents');
    await documents.create('shipment', { warehouseId: store.warehouse.id });
    const documentId = await editor.id();
    // Found by its INN, as a clerk reads it off the buyer's papers.
    const picker = page.getByTestId('doc-customer');
    await picker.fill(company.inn);
    const option = page.getByTestId('doc-customer-option');
    await expect(option).toHaveCount(1);
    await expect(option).toContainText(company.name);
    await option.click();
    await expect(page.getByTestId('doc-customer-picked')).toContainText(company.name);
    // Saved with the document: a reload shows it again.
    await page.reload();
    await shell.waitReady();
    await expect(page.getByTestId('doc-customer-name')).toHaveText(company.name);

    // Sent and posted in 1C with the counterparty on it.
    await editor.scanInput.click();
    await editor.scan(product.barcode);
    await expect(editor.lines).toHaveCount(1);
    await editor.send.click();
    await expect(editor.posted).toBeVisible({ timeout: 60_000 });
    await keepScreenshot(page, testInfo, 'shipment-customer');
    const number1c = await editor.number1c.getAttribute('data-value');
    const in1C = emulator.documents().filter((d) => d.kind === 'shipment' && d.number === number1c);
    expect(in1C).toHaveLength(1);
    expect(in1C[0]?.counterpartyRef).toBe(company.ref);
    expect(in1C[0]?.posted).toBe(true);
    // A posted document shows its customer without the picker.
    await expect(page.getByTestId('doc-customer-change')).toHaveCount(0);

    // The customer's card lists the shipment and leads back to it.
    await page.getByTestId('doc-customer-name').click();
    await expect(customers.dialog.locator('form[data-id]')).toBeVisible();
    const listed = customers.dialog.locator(`[data-testid="customer-document"][data-id="${documentId}"]`);
    await expect(listed).toHaveCount(1);
    await listed.getByRole('link').click();
    await expect(editor.root).toHaveAttribute('data-id', documentId);

    // On a draft, the customer can be taken off again, and that is saved too.
    await shell.goTo('documents');
    await documents.create('shipment', { warehouseId: store.warehouse.id });
    await picker.fill(company.inn);
    await option.click();
    await expect(page.getByTestId('doc-customer-picked')).toBeVisible();
    await page.getByTestId('doc-customer-clear').click();
    await expect(picker).toBeVisible();
    await page.reload();
    await shell.waitReady();
    await expect(picker).toBeVisible();
    await expect(page.getByTestId('doc-customer-picked')).toHaveCount(0);
  });
});
