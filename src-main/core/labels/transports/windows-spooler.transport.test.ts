import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-db';
import { type SpoolerInvocation, printViaWindowsSpooler, spoolerInvocation, spoolerScript } from './windows-spooler.transport';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('prilavok-spool-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

const decodeScript = (invocation: SpoolerInvocation) => Buffer.from(invocation.args.at(-1) ?? '', 'base64').toString('utf16le');

describe('Windows spooler (RAW)', () => {
  it('runs Windows PowerShell with the script as -EncodedCommand and the job in environment variables only', () => {
    const invocation = spoolerInvocation({ printerName: 'Xprinter "XP-365B"; rm -rf', documentName: 'Ценник' }, 'C:\\Temp\\job.prn');
    expect(invocation.command).toBe('powershell.exe');
    expect(invocation.args.slice(0, -1)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(decodeScript(invocation)).toBe(spoolerScript);
    expect(invocation.env).toEqual({
      PRILAVOK_PRINTER: 'Xprinter "XP-365B"; rm -rf',
      PRILAVOK_DOCUMENT: 'Ценник',
      PRILAVOK_DATATYPE: 'RAW',
      PRILAVOK_SPOOL_FILE: 'C:\\Temp\\job.prn',
    });
    expect(invocation.args.join(' ')).not.toContain('Xprinter');
    expect(spoolerInvocation({ printerName: 'P', dataType: 'XPS_PASS' }, 'f').env.PRILAVOK_DATATYPE).toBe('XPS_PASS');
  });

  it('calls the winspool.drv functions of the RAW recipe in order, with level 1 and the Unicode entry points', () => {
    const calls = ['OpenPrinter(printerName', 'StartDocPrinter(printer, 1, doc)', 'StartPagePrinter(printer)', 'WritePrinter(printer, bytes', 'EndPagePrinter(printer)', 'EndDocPrinter(printer)', 'ClosePrinter(printer)'];
    const body = spoolerScript.slice(spoolerScript.indexOf('public static int Send'));
    const positions = calls.map((call) => body.indexOf(call));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const entry of ['OpenPrinterW', 'StartDocPrinterW', 'WritePrinter', 'ClosePrinter']) expect(spoolerScript).toContain(`EntryPoint = "${entry}"`);
    expect(spoolerScript).toContain('doc.pDataType = dataType;');
    expect(spoolerScript).toContain('ReadAllBytes($env:PRILAVOK_SPOOL_FILE)');
    // The here-string closes at the start of a line, as PowerShell requires.
    expect(spoolerScript).toMatch(/\n'@\r?\n/);
  });

  it('hands the exact bytes over in a temporary file and removes it afterwards', async () => {
    const dir = tempDir();
    const bytes = Buffer.from([0x53, 0x49, 0x5a, 0x45, 0x20, 0xcc, 0xee, 0x0d, 0x0a]);
    let seen: Buffer | null = null;
    await printViaWindowsSpooler(
      { printerName: 'TSC TE200', bytes },
      {
        platform: 'win32',
        tempDir: dir,
        run: async (invocation) => {
          seen = readFileSync(invocation.env.PRILAVOK_SPOOL_FILE ?? '');
          return { exitCode: 0, stdout: `written=${bytes.length}`, stderr: '' };
        },
      },
    );
    expect(seen).toEqual(bytes);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports Windows' own words when the spooler refuses, and still removes the file", async () => {
    const dir = tempDir();
    const job = printViaWindowsSpooler(
      { printerName: 'Нет такого', bytes: Buffer.from('^XA^XZ') },
      { platform: 'win32', tempDir: dir, run: async () => ({ exitCode: 1, stdout: '', stderr: 'OpenPrinter: Недопустимое имя принтера' }) },
    );
    await expect(job).rejects.toMatchObject({ code: 'device', message: 'Принтер «Нет такого» не принял этикетку: OpenPrinter: Недопустимое имя принтера' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses on other systems without running anything', async () => {
    let isRun = false;
    const run = async () => {
      isRun = true;
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    await expect(printViaWindowsSpooler({ printerName: 'P', bytes: Buffer.from('x') }, { platform: 'linux', run })).rejects.toMatchObject({ code: 'device' });
    expect(isRun).toBe(false);
  });
});
