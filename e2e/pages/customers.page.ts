import { expect, type Locator, type Page } from '@playwright/test';

export type CustomerSyncState = 'synced' | 'queued' | 'rejected' | 'conflict';
export type CustomerCardFields = {
  kind?: 'person' | 'company';
  country?: 'RU' | 'KZ';
  name?: string;
  inn?: string;
  kpp?: string;
  phone?: string;
  email?: string;
};
export type ConflictField = 'kind' | 'country' | 'name' | 'inn' | 'kpp' | 'phone' | 'email';

/** «Покупатели»: the list, the card dialog and the conflict queue. */
export class CustomersPage {
  readonly search: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly newButton: Locator;
  readonly dialog: Locator;
  readonly conflicts: Locator;
  readonly navBadge: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByTestId('customer-search');
    this.rows = page.getByTestId('customer-row');
    this.total = page.getByTestId('customer-total');
    this.newButton = page.getByTestId('customer-new');
    this.dialog = page.getByTestId('customer-dialog');
    this.conflicts = page.getByTestId('conflict');
    this.navBadge = page.getByTestId('nav-customers-badge');
  }

  tab(id: 'list' | 'conflicts'): Locator {
    return this.page.getByTestId(`customers-tab-${id}`);
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="customer-row"][data-id="${id}"]`);
  }

  rowNamed(name: string): Locator {
    return this.rows.filter({ has: this.page.locator('[data-col="name"] a', { hasText: name }) });
  }

  field(name: keyof CustomerCardFields): Locator {
    return this.dialog.getByTestId(`customer-${name}`);
  }

  fieldError(name: keyof CustomerCardFields): Locator {
    return this.dialog.getByTestId(`customer-error-${name}`);
  }

  /** Types into the open card as a person would; radios for kind and country. */
  async fill(fields: CustomerCardFields): Promise<void> {
    if (fields.kind) await this.dialog.getByTestId(`customer-kind-${fields.kind}`).check();
    if (fields.country) await this.dialog.getByTestId(`customer-country-${fields.country}`).check();
    for (const name of ['name', 'inn', 'kpp', 'phone', 'email'] as const) {
      const value = fields[name];
      if (value !== undefined) await this.field(name).fill(value);
    }
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  /** Opens a customer's card from the list by name and waits for its form. */
  async open(name: string): Promise<void> {
    await this.rowNamed(name).locator('[data-col="name"] a').click();
    await expect(this.dialog.locator('form[data-id]')).toBeVisible();
  }

  conflict(customerId: string): Locator {
    return this.page.locator(`[data-testid="conflict"][data-customer-id="${customerId}"]`);
  }

  async take(conflict: Locator, field: ConflictField, side: 'local' | 'remote'): Promise<void> {
    await conflict.getByTestId(`conflict-take-${field}-${side}`).check();
  }
}
