// Printer bytes through the Windows spooler in RAW mode, for USB label printers installed with a
// vendor driver. The Win32 way (Microsoft: "How To: Send Data Directly to a GDI Printer"; KB 322090
// "How to send raw data to a printer by using Visual C# .NET", RawPrinterHelper) is OpenPrinter →
// StartDocPrinter(level 1, DOC_INFO_1 { pDatatype = "RAW" }) → StartPagePrinter → WritePrinter →
// EndPagePrinter → EndDocPrinter → ClosePrinter on winspool.drv. Without a native module we run it
// in Windows PowerShell: Add-Type compiles a small C# P/Invoke class (~1 s per job, acceptable for
// printing). Type-4 (XPS) drivers want the datatype "XPS_PASS" instead of "RAW"
// (peers-and-hardware.md §3.8).
//
// Nothing the user typed is put into the script text: the printer name, the document name and the
// path of the temporary file with the bytes travel as environment variables.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, isAppError } from '../../errors/app-error';

export type SpoolerDataType = 'RAW' | 'XPS_PASS';

export type SpoolerJob = {
  /** The printer's name as Windows shows it ("Xprinter XP-365B", "\\\\server\\TSC"). */
  printerName: string;
  bytes: Uint8Array;
  /** Shown in the print queue. */
  documentName?: string;
  dataType?: SpoolerDataType;
};

/** The C# helper: Unicode (W) entry points, so Cyrillic printer names work. */
export const rawPrinterHelperSource = String.raw`
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

public static class PrilavokRawPrinter
{
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public class DOCINFOW
    {
        [MarshalAs(UnmanagedType.LPWStr)] public string pDocName;
        [MarshalAs(UnmanagedType.LPWStr)] public string pOutputFile;
        [MarshalAs(UnmanagedType.LPWStr)] public string pDataType;
    }

    [DllImport("winspool.drv", EntryPoint = "OpenPrinterW", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
    static extern bool OpenPrinter(string printerName, out IntPtr printer, IntPtr defaults);
    [DllImport("winspool.drv", EntryPoint = "ClosePrinter", SetLastError = true, ExactSpelling = true)]
    static extern bool ClosePrinter(IntPtr printer);
    [DllImport("winspool.drv", EntryPoint = "StartDocPrinterW", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
    static extern int StartDocPrinter(IntPtr printer, int level, [In, MarshalAs(UnmanagedType.LPStruct)] DOCINFOW docInfo);
    [DllImport("winspool.drv", EntryPoint = "EndDocPrinter", SetLastError = true, ExactSpelling = true)]
    static extern bool EndDocPrinter(IntPtr printer);
    [DllImport("winspool.drv", EntryPoint = "StartPagePrinter", SetLastError = true, ExactSpelling = true)]
    static extern bool StartPagePrinter(IntPtr printer);
    [DllImport("winspool.drv", EntryPoint = "EndPagePrinter", SetLastError = true, ExactSpelling = true)]
    static extern bool EndPagePrinter(IntPtr printer);
    [DllImport("winspool.drv", EntryPoint = "WritePrinter", SetLastError = true, ExactSpelling = true)]
    static extern bool WritePrinter(IntPtr printer, byte[] bytes, int count, out int written);

    static Exception Failure(string step)
    {
        int code = Marshal.GetLastWin32Error();
        return new Win32Exception(code, step + ": " + new Win32Exception(code).Message);
    }

    /** Sends the bytes as one print job; returns the number of bytes the spooler took. */
    public static int Send(string printerName, string documentName, string dataType, byte[] bytes)
    {
        IntPtr printer;
        if (!OpenPrinter(printerName, out printer, IntPtr.Zero)) throw Failure("OpenPrinter");
        try
        {
            DOCINFOW doc = new DOCINFOW();
            doc.pDocName = documentName;
            doc.pDataType = dataType;
            if (StartDocPrinter(printer, 1, doc) == 0) throw Failure("StartDocPrinter");
            try
            {
                if (!StartPagePrinter(printer)) throw Failure("StartPagePrinter");
                int written;
                try
                {
                    if (!WritePrinter(printer, bytes, bytes.Length, out written)) throw Failure("WritePrinter");
                }
                finally
                {
                    EndPagePrinter(printer);
                }
                if (written != bytes.Length) throw new Exception("WritePrinter: written " + written + " of " + bytes.Length + " bytes");
                return written;
            }
            finally
            {
                EndDocPrinter(printer);
            }
        }
        finally
        {
            ClosePrinter(printer);
        }
    }
}
`;

/** Windows PowerShell 5.1 (present on every Windows 10/11): UTF-8 output, exit 0 or 1 + the reason on stderr. */
export const spoolerScript = [
  "$ErrorActionPreference = 'Stop'",
  '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8',
  'try {',
  `  Add-Type -TypeDefinition @'${rawPrinterHelperSource}'@`,
  '  $bytes = [System.IO.File]::ReadAllBytes($env:PRILAVOK_SPOOL_FILE)',
  '  $written = [PrilavokRawPrinter]::Send($env:PRILAVOK_PRINTER, $env:PRILAVOK_DOCUMENT, $env:PRILAVOK_DATATYPE, $bytes)',
  '  [Console]::Out.Write("written=$written")',
  '  exit 0',
  '} catch {',
  '  $e = $_.Exception',
  '  while ($e.InnerException -ne $null) { $e = $e.InnerException }',
  '  [Console]::Error.Write($e.Message)',
  '  exit 1',
  '}',
].join('\r\n');

export type SpoolerInvocation = { command: string; args: string[]; env: Record<string, string> };

/**
 * The powershell.exe command line for a job whose bytes are in `spoolFile`. The script goes as
 * -EncodedCommand (base64 of UTF-16LE, as PowerShell expects), so no quoting is involved.
 */
export function spoolerInvocation(job: Omit<SpoolerJob, 'bytes'>, spoolFile: string): SpoolerInvocation {
  return {
    command: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(spoolerScript, 'utf16le').toString('base64')],
    env: {
      PRILAVOK_PRINTER: job.printerName,
      PRILAVOK_DOCUMENT: job.documentName ?? 'Prilavok label',
      PRILAVOK_DATATYPE: job.dataType ?? 'RAW',
      PRILAVOK_SPOOL_FILE: spoolFile,
    },
  };
}

export type SpoolerRunner = (invocation: SpoolerInvocation) => Promise<{ exitCode: number | null; stdout: string; stderr: string }>;

/** Runs the invocation with the parent's environment plus the job's variables; no window. */
export const runPowerShell: SpoolerRunner = (invocation) =>
  new Promise((resolve, reject) => {
    const child = spawn(invocation.command, invocation.args, { env: { ...process.env, ...invocation.env }, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });

/**
 * Prints through the spooler. Rejects with AppError('device') carrying Windows' own words (e.g.
 * "OpenPrinter: Недопустимое имя принтера") when the spooler refuses, and before trying anything on
 * other systems. The temporary file is removed in every case.
 */
export async function printViaWindowsSpooler(
  job: SpoolerJob,
  deps: { platform?: NodeJS.Platform; run?: SpoolerRunner; tempDir?: string } = {},
): Promise<void> {
  if ((deps.platform ?? process.platform) !== 'win32') throw new AppError('device', 'Печать через диспетчер печати Windows доступна только в Windows');
  if (job.printerName.trim() === '') throw new AppError('validation', 'Не указано имя принтера');
  const spoolFile = join(deps.tempDir ?? tmpdir(), `prilavok-label-${randomUUID()}.prn`);
  await writeFile(spoolFile, job.bytes);
  try {
    const result = await (deps.run ?? runPowerShell)(spoolerInvocation(job, spoolFile));
    if (result.exitCode !== 0 || !result.stdout.includes(`written=${job.bytes.length}`)) {
      const reason = result.stderr.trim() || `powershell завершился с кодом ${String(result.exitCode)}`;
      throw new AppError('device', `Принтер «${job.printerName}» не принял этикетку: ${reason}`, { details: { printerName: job.printerName, exitCode: result.exitCode } });
    }
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError('device', `Не удалось запустить PowerShell для печати: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    await rm(spoolFile, { force: true });
  }
}
