import { expect, type Locator, type Page } from '@playwright/test';

/** «Устройства»: keyboard-wedge thresholds, calibration and the scan check; serial scanners; printers; price tags. */
export class DevicesPage {
  readonly root: Locator;
  readonly maxInterKey: Locator;
  readonly minLength: Locator;
  readonly gsSubstitute: Locator;
  readonly enterRequired: Locator;
  readonly keyboardSave: Locator;
  readonly keyboardSaved: Locator;
  readonly checkText: Locator;
  readonly checkTyped: Locator;
  readonly check: Locator;
  readonly calibration: Locator;
  readonly calibrationStart: Locator;
  readonly calibrationSamples: Locator;
  readonly calibrationProposal: Locator;
  readonly calibrationApply: Locator;
  readonly calibrationApplied: Locator;
  readonly calibrationBarcode: Locator;
  readonly printers: Locator;
  readonly printerAdd: Locator;
  readonly printerForm: Locator;
  readonly testPrintSearch: Locator;
  readonly testPrintOptions: Locator;
  readonly testPrintRun: Locator;
  readonly testPrintDone: Locator;
  readonly testPrintPreview: Locator;
  readonly priceChanges: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('devices-page');
    this.maxInterKey = page.getByTestId('keyboard-max-inter-key');
    this.minLength = page.getByTestId('keyboard-min-length');
    this.gsSubstitute = page.getByTestId('keyboard-gs-substitute');
    this.enterRequired = page.getByTestId('keyboard-enter-required');
    this.keyboardSave = page.getByTestId('keyboard-save');
    this.keyboardSaved = page.getByTestId('keyboard-saved');
    this.check = page.getByTestId('scan-check');
    this.checkText = page.getByTestId('scan-check-text');
    this.checkTyped = page.getByTestId('scan-check-typed');
    this.calibration = page.getByTestId('calibration');
    this.calibrationStart = page.getByTestId('calibration-start');
    this.calibrationSamples = page.getByTestId('calibration-sample');
    this.calibrationProposal = page.getByTestId('calibration-proposal');
    this.calibrationApply = page.getByTestId('calibration-apply');
    this.calibrationApplied = page.getByTestId('calibration-applied');
    this.calibrationBarcode = page.getByTestId('calibration-barcode');
    this.printers = page.getByTestId('printer');
    this.printerAdd = page.getByTestId('printer-add');
    this.printerForm = page.getByTestId('printer-form');
    this.testPrintSearch = page.getByTestId('test-print-search');
    this.testPrintOptions = page.getByTestId('test-print-search-option');
    this.testPrintRun = page.getByTestId('test-print-run');
    this.testPrintDone = page.getByTestId('test-print-done');
    this.testPrintPreview = page.getByTestId('test-print-preview');
    this.priceChanges = page.getByTestId('price-changes');
  }

  /** Adds a printer that writes to a file or device path, as a clerk fills the form. */
  async addPathPrinter(name: string, path: string, language: 'tspl' | 'zpl' | 'epl' | 'tspl-bitmap' | 'zpl-bitmap' = 'tspl'): Promise<void> {
    const before = await this.printers.count();
    await this.printerAdd.click();
    await this.printerForm.getByTestId('printer-form-name').fill(name);
    await this.printerForm.getByTestId('printer-form-language').selectOption(language);
    await this.printerForm.getByTestId('printer-form-transport-path').check();
    await this.printerForm.getByTestId('printer-form-path').fill(path);
    await this.printerForm.getByTestId('printer-form-save').click();
    await expect(this.printerForm).toHaveCount(0);
    await expect(this.printers).toHaveCount(before + 1);
  }
}
