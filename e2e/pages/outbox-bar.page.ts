import { type Locator, type Page } from '@playwright/test';

/** The strip above every screen: the outbox depth, 1C's refusals, a pause and «Отправить сейчас». */
export class OutboxBar {
  readonly root: Locator;
  readonly queued: Locator;
  readonly rejected: Locator;
  readonly paused: Locator;
  readonly sendNow: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('outbox-bar');
    this.queued = page.getByTestId('outbox-queued');
    this.rejected = page.getByTestId('outbox-rejected');
    this.paused = page.getByTestId('outbox-paused');
    this.sendNow = page.getByTestId('outbox-send-now');
  }
}
