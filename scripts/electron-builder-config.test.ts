// electron-builder.yml cannot be tried here (no Electron binary, no Windows), so it is checked instead:
// against electron-builder's own schema (app-builder-lib/scheme.json, strictly), against the files it
// names, against electron-vite's outputs, and against how core finds migrations and fonts at run time
// in the packed layout. Every check also runs on deliberately broken copies of the file, which must fail.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, type Stats, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type AjvClass from 'ajv';
import type { Configuration, PlatformSpecificBuildOptions } from 'app-builder-lib';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher';
import { doMergeConfigs, getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util/out/DebugLogger';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import viteConfig from '../electron.vite.config';
import { appFolderName } from '../src-main/core/app/paths';
import { findFontsFolder, fontFiles, loadLabelFonts } from '../src-main/core/labels/fonts';
import { encodeIco, encodeIcoBmp, renderMark } from './make-icons';

const projectDir = resolve(__dirname, '..');
const configFile = join(projectDir, 'electron-builder.yml');
const packageJson = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>;

// The same ajv (v8) and js-yaml that electron-builder itself loads, whatever npm hoists to the top.
const fromBuilder = createRequire(createRequire(join(projectDir, 'package.json')).resolve('app-builder-lib/package.json'));
const Ajv = (fromBuilder('ajv') as { default: typeof AjvClass }).default;
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown; dump(value: unknown): string };
const schemaFile = fromBuilder.resolve('./scheme.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;

// Schema quirks, handled without loosening the checks on our keys:
// - draft-07 ("$schema" says so) is ajv 8's default draft: no extra meta-schema needed;
// - type unions (["null", "string"]) are plain JSON Schema, but ajv's strict mode wants them allowed;
// - "typeof": "function" (hooks such as afterPack) is ajv-keywords' keyword, not JSON Schema: defined
//   here with its real meaning, so strict mode still rejects any other unknown keyword;
// - no "format" keyword is used, so no formats are registered: a future one fails compilation loudly.
// Unlike electron-builder's own validator (coerceTypes, strict: false), nothing is coerced: a number
// where a string belongs fails here.
const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', errors: false, validate: (type: string, data: unknown) => typeof data === type });
const validateSchema = ajv.compile(schema);

type Config = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function loadConfig(file: string): Config {
  const parsed = yaml.load(readFileSync(file, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${file} is not a YAML mapping`);
  return parsed;
}

const fileStat = { isDirectory: () => false } as Stats;

/** electron-builder's own file filter for one of `files`, `asarUnpack`, `extraResources`. */
function builderFilters(config: Config, name: 'files' | 'asarUnpack' | 'extraResources', destination: string) {
  const matchers = getFileMatchers(config as Configuration, name, destination, {
    macroExpander: (pattern) => pattern,
    customBuildOptions: record(config.win) as PlatformSpecificBuildOptions,
    globalOutDir: join(projectDir, String(record(config.directories).output ?? 'dist')),
    defaultSrc: projectDir,
  });
  return (matchers ?? []).map((matcher) => ({ matcher, accepts: matcher.createFilter() }));
}

/** Where electron-builder looks for an icon or other build resource: buildResources first, then the project. */
function findResource(config: Config, file: string): string | null {
  const buildResources = join(projectDir, String(record(config.directories).buildResources ?? 'build'));
  const candidates = isAbsolute(file) ? [file] : [join(buildResources, file), join(projectDir, file)];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** Problems with an ICO file; none when it is a well-formed icon holding 16, 32, 48 and 256 px images. */
function icoProblems(bytes: Buffer): string[] {
  if (bytes.length < 6 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) return ['not an ICO file (bad header)'];
  const count = bytes.readUInt16LE(4);
  if (count === 0 || bytes.length < 6 + count * 16) return ['ICO directory is empty or truncated'];
  const problems: string[] = [];
  const sizes = new Set<number>();
  for (let index = 0; index < count; index += 1) {
    const at = 6 + index * 16;
    const width = bytes[at] || 256;
    const height = bytes[at + 1] || 256;
    const length = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    const label = `ICO image ${index} (${width}×${height})`;
    if (offset + length > bytes.length) {
      problems.push(`${label} runs past the end of the file`);
      continue;
    }
    const image = bytes.subarray(offset, offset + length);
    if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      try {
        const png = PNG.sync.read(Buffer.from(image));
        if (png.width !== width || png.height !== height) problems.push(`${label}: its PNG is ${png.width}×${png.height}`);
      } catch (err) {
        problems.push(`${label}: PNG does not decode (${(err as Error).message})`);
        continue;
      }
    } else {
      const bitCount = bytes.readUInt16LE(at + 6);
      const maskBytes = Math.ceil(width / 32) * 4 * height;
      if (image.length < 40 || image.readUInt32LE(0) !== 40) problems.push(`${label}: neither PNG nor a BITMAPINFOHEADER`);
      else if (image.readInt32LE(4) !== width || image.readInt32LE(8) !== height * 2) problems.push(`${label}: bitmap size does not match the directory`);
      else if (image.readUInt16LE(14) !== 32 || bitCount !== 32) problems.push(`${label}: expected 32 bits per pixel`);
      else if (image.length < 40 + width * height * 4 + maskBytes) problems.push(`${label}: bitmap data is truncated`);
    }
    sizes.add(width === height ? width : -1);
  }
  for (const size of [16, 32, 48, 256]) {
    if (!sizes.has(size)) problems.push(`ICO has no ${size}×${size} image (electron-builder requires at least 256×256)`);
  }
  return problems;
}

/** electron-vite's outputs: every entry of main and preload as <outDir>/<name>.js, the renderer's HTML. */
function viteOutputs(): string[] {
  const config = record(viteConfig);
  const defaults = { main: 'out/main', preload: 'out/preload', renderer: 'out/renderer' } as const;
  const outputs: string[] = [];
  for (const side of ['main', 'preload', 'renderer'] as const) {
    const build = record(record(config[side]).build);
    const outDir = relative(projectDir, resolve(projectDir, String(build.outDir ?? defaults[side]))).split('\\').join('/');
    const input = record(record(build.rollupOptions).input);
    if (Object.keys(input).length === 0) throw new Error(`electron.vite.config.ts: no rollupOptions.input for ${side}`);
    for (const [name, source] of Object.entries(input)) {
      outputs.push(side === 'renderer' ? `${outDir}/${String(source).split(/[\\/]/).pop() ?? ''}` : `${outDir}/${name}.js`);
    }
    // Shared chunks and assets land below the same folders.
    outputs.push(side === 'renderer' ? `${outDir}/assets/index-0000.js` : `${outDir}/chunks/shared-0000.js`);
  }
  return outputs;
}

// The native addons the app loads, where their packages put them.
const nativeAddons = [
  'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  'node_modules/keytar/build/Release/keytar.node',
  'node_modules/@serialport/bindings-cpp/prebuilds/win32-x64/@serialport+bindings-cpp.node',
];

const scratch = mkdtempSync(join(tmpdir(), 'prilavok-builder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function copyTree(from: string, to: string, accepts: (file: string, stat: Stats) => boolean): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const stat = statSync(source);
    if (!accepts(source, stat)) continue;
    if (stat.isDirectory()) copyTree(source, join(to, name), accepts);
    else {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, name));
    }
  }
}

/**
 * The packed layout's resources folder, built with electron-builder's own extraResources filters, and
 * what core then finds there: the migrations at <resources>/migrations (src-main/electron/index.ts) and
 * the label fonts by findFontsFolder's walk up from the bundled code inside app.asar.
 */
function layoutProblems(config: Config, label: string): string[] {
  const problems: string[] = [];
  const installDir = join(scratch, label);
  const resourcesDir = join(installDir, 'resources');
  rmSync(installDir, { recursive: true, force: true });
  const entries = config.extraResources;
  if (Array.isArray(entries) && entries.some((entry) => typeof entry === 'string')) {
    problems.push('extraResources: use { from, to, filter } entries (plain patterns are not checked here)');
  }
  for (const { matcher, accepts } of builderFilters(config, 'extraResources', resourcesDir)) {
    if (!existsSync(matcher.from)) {
      problems.push(`extraResources: ${relative(projectDir, matcher.from)} not found`);
      continue;
    }
    if (statSync(matcher.from).isDirectory()) copyTree(matcher.from, matcher.to, accepts);
    else {
      mkdirSync(dirname(matcher.to), { recursive: true });
      copyFileSync(matcher.from, matcher.to);
    }
  }

  const journalFile = join(resourcesDir, 'migrations', 'meta', '_journal.json');
  if (!existsSync(journalFile)) problems.push('packed layout: <resources>/migrations/meta/_journal.json missing (the app opens process.resourcesPath/migrations)');
  else {
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    for (const { tag } of journal.entries) {
      if (!existsSync(join(resourcesDir, 'migrations', `${tag}.sql`))) problems.push(`packed layout: migration ${tag}.sql missing`);
    }
  }

  // The bundle keeps core in out/main/chunks today; out/main covers a bundle without chunks.
  for (const codeDir of ['out/main/chunks', 'out/main']) {
    const from = join(resourcesDir, 'app.asar', codeDir);
    mkdirSync(from, { recursive: true });
    try {
      const folder = findFontsFolder(from);
      if (relative(resourcesDir, folder).startsWith('..')) problems.push(`packed layout: label fonts found outside the installed resources: ${folder}`);
      else if (codeDir === 'out/main') loadLabelFonts(folder);
    } catch (err) {
      problems.push(`packed layout: label fonts not found from app.asar/${codeDir} (${(err as Error).message})`);
    }
  }
  return problems;
}

/** Everything wrong with a config; [] when it is good. */
function configProblems(config: Config, label: string): string[] {
  const problems: string[] = [];
  if (!validateSchema(config)) {
    for (const error of validateSchema.errors ?? []) {
      problems.push(`schema: ${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    }
  }

  if (typeof config.appId !== 'string' || !/^[a-z][\w-]*(\.[\w-]+)+$/i.test(config.appId)) problems.push('appId must be a reverse-domain id');
  if (config.productName !== appFolderName || packageJson.productName !== appFolderName) {
    problems.push(`productName must be "${appFolderName}" here and in package.json: it names the %APPDATA% folder core/app/paths.ts expects`);
  }
  const win = record(config.win);
  const nsis = record(config.nsis);
  for (const [where, options] of [['', config], ['win.', win]] as const) {
    if (record(options).fileAssociations !== undefined) problems.push(`${where}fileAssociations must not be set`);
    if (record(options).protocols !== undefined) problems.push(`${where}protocols must not be set`);
  }

  // Windows x64 NSIS only.
  const targets = Array.isArray(win.target) ? win.target : [win.target];
  const nsisTargets = targets.filter((target) => isRecord(target) && target.target === 'nsis');
  if (targets.length !== 1 || nsisTargets.length !== 1) problems.push('win.target must be exactly one { target: nsis, arch: [x64] }');
  for (const target of nsisTargets) {
    const arch = record(target).arch;
    if (!Array.isArray(arch) || arch.length !== 1 || arch[0] !== 'x64') problems.push('the nsis target must build x64 only');
  }
  // The assisted installer with the "only for me / for all users" page (electron-builder's NSIS docs).
  if (nsis.oneClick !== false) problems.push('nsis.oneClick must be false (assisted installer)');
  if (nsis.perMachine === true) problems.push('nsis.perMachine must stay false: true removes the per-user choice');
  if (nsis.allowElevation === false) problems.push('nsis.allowElevation must not be false: "for all users" needs elevation');

  // Paths the config names.
  const buildResources = record(config.directories).buildResources;
  if (typeof buildResources !== 'string' || !existsSync(join(projectDir, buildResources))) problems.push(`directories.buildResources ${String(buildResources)} not found`);
  const nsisResources = ['installerIcon', 'uninstallerIcon', 'installerHeaderIcon', 'installerHeader', 'installerSidebar', 'uninstallerSidebar', 'include', 'script', 'license'];
  const resourceKeys: [string, unknown][] = [['win.icon', win.icon], ...nsisResources.map((key): [string, unknown] => [`nsis.${key}`, nsis[key]])];
  for (const [key, value] of resourceKeys) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || findResource(config, value) === null) problems.push(`${key}: ${String(value)} not found`);
  }
  if (typeof win.icon !== 'string') problems.push('win.icon must name the .ico');
  else {
    const icon = findResource(config, win.icon);
    if (icon !== null) problems.push(...icoProblems(readFileSync(icon)).map((problem) => `win.icon: ${problem}`));
  }

  // What goes into app.asar, judged by electron-builder's own filters.
  const appDestination = join(scratch, 'app');
  const files = builderFilters(config, 'files', appDestination).filter(({ matcher }) => matcher.from === projectDir);
  const isPacked = (file: string) => files.some(({ accepts }) => accepts(join(projectDir, file), fileStat));
  const mainFile = typeof packageJson.main === 'string' ? packageJson.main : '';
  for (const file of new Set([...viteOutputs(), mainFile, 'package.json'])) {
    if (!isPacked(file)) problems.push(`files: ${file} would not be packed`);
  }
  for (const file of ['src-main/electron/index.ts', 'out/main/index.js.map']) {
    if (isPacked(file)) problems.push(`files: ${file} would be packed`);
  }
  if (config.asar === false) problems.push('asar must stay on');
  const unpack = builderFilters(config, 'asarUnpack', appDestination);
  for (const addon of nativeAddons) {
    if (!unpack.some(({ accepts }) => accepts(join(projectDir, addon), fileStat))) problems.push(`asarUnpack: ${addon} would not be unpacked`);
  }

  problems.push(...layoutProblems(config, label));
  return problems;
}

/** Writes a changed copy of electron-builder.yml, reads it back the same way, and checks it. */
function brokenCopyProblems(label: string, change: (config: Config) => void): string[] {
  const config = loadConfig(configFile);
  change(config);
  const copy = join(scratch, `${label}.yml`);
  writeFileSync(copy, yaml.dump(config));
  return configProblems(loadConfig(copy), label);
}

describe('electron-builder.yml', () => {
  it('passes every check', () => {
    expect(configProblems(loadConfig(configFile), 'good')).toEqual([]);
  });

  it('is the config electron-builder loads (no "build" key in package.json), and its own validator accepts it', async () => {
    expect(packageJson.build).toBeUndefined();
    const loaded = await getConfig(projectDir, null, null);
    // getConfig normalises `files` into file sets; nothing else may differ (no "extends", no other file).
    expect(loaded).toEqual(doMergeConfigs([loadConfig(configFile) as Configuration]));
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loaded, fooBar: 1 } as Configuration, new DebugLogger(false))).rejects.toThrow(/fooBar/);
  });

  it('`npm run dist` builds, rebuilds native modules for Electron and runs electron-builder for Windows', () => {
    const dist = String(record(packageJson.scripts).dist ?? '');
    expect(dist).toMatch(/npm run build/);
    expect(dist).toMatch(/electron-builder .*--win/);
  });

  const twoIconSizes = join(scratch, 'small.ico');
  writeFileSync(twoIconSizes, encodeIco([16, 32, 48].map((size) => ({ size, bytes: encodeIcoBmp(renderMark(size)) }))));

  const broken: [string, RegExp, (config: Config) => void][] = [
    ['unknown top-level key', /schema: \/ must NOT have additional properties .*fooBar/, (c) => { c.fooBar = true; }],
    ['misspelt nsis key', /schema: \/nsis must NOT have additional properties .*perMachin\b/, (c) => { record(c.nsis).perMachin = true; }],
    ['number where a string belongs', /schema: \/nsis\/language must be null,string/, (c) => { record(c.nsis).language = 1049; }],
    ['missing icon file', /win\.icon: resources\/no-such-icon\.ico not found/, (c) => { record(c.win).icon = 'resources/no-such-icon.ico'; }],
    ['icon without 256 px', /win\.icon: ICO has no 256×256 image/, (c) => { record(c.win).icon = twoIconSizes; }],
    ['icon that is a PNG', /win\.icon: not an ICO file/, (c) => { record(c.win).icon = 'resources/icon.png'; }],
    ['missing buildResources', /directories\.buildResources build not found/, (c) => { record(c.directories).buildResources = 'build'; }],
    ['32-bit target', /the nsis target must build x64 only/, (c) => { record(c.win).target = [{ target: 'nsis', arch: ['ia32'] }]; }],
    ['one-click installer', /nsis\.oneClick must be false/, (c) => { record(c.nsis).oneClick = true; }],
    ['per-machine only', /nsis\.perMachine must stay false/, (c) => { record(c.nsis).perMachine = true; }],
    ['file association', /^fileAssociations must not be set/, (c) => { c.fileAssociations = [{ ext: 'prv', name: 'Prilavok' }]; }],
    ['no appId', /appId must be/, (c) => { delete c.appId; }],
    ['other productName', /productName must be "Prilavok"/, (c) => { c.productName = 'Prilavok Pro'; }],
    ['no asarUnpack', /asarUnpack: node_modules\/keytar\/build\/Release\/keytar\.node would not be unpacked/, (c) => { delete c.asarUnpack; }],
    ['renderer not packed', /files: out\/renderer\/index\.html would not be packed/, (c) => { c.files = ['out/main/**', 'out/preload/**', 'package.json']; }],
    ['sources packed', /files: src-main\/electron\/index\.ts would be packed/, (c) => { c.files = ['**/*']; }],
    ['no migrations', /<resources>\/migrations\/meta\/_journal\.json missing/, (c) => { c.extraResources = (c.extraResources as Config[]).filter((e) => e.from !== 'migrations'); }],
    ['fonts elsewhere', /label fonts (not found from app\.asar\/out\/main\/chunks|found outside)/, (c) => { for (const e of c.extraResources as Config[]) if (e.from === 'resources/fonts') e.to = 'label-fonts'; }],
    ['misnamed folder', /extraResources: no-such-folder not found/, (c) => { (c.extraResources as Config[]).push({ from: 'no-such-folder', to: 'x' }); }],
  ];
  it.each(broken)('fails on a broken copy: %s', (label, expected, change) => {
    const problems = brokenCopyProblems(label.replace(/\W+/g, '-'), change);
    expect(problems.some((problem) => expected.test(problem)), problems.join('\n')).toBe(true);
  });
});

describe('resources/icon.*', () => {
  it('icon.ico is a valid ICO with 16, 32, 48 and 256 px images', () => {
    expect(icoProblems(readFileSync(join(projectDir, 'resources', 'icon.ico')))).toEqual([]);
  });

  it('icon.png is 512×512 and both icons show what scripts/make-icons.ts draws', () => {
    const png = PNG.sync.read(readFileSync(join(projectDir, 'resources', 'icon.png')));
    expect([png.width, png.height]).toEqual([512, 512]);
    expect(Buffer.from(png.data).equals(Buffer.from(renderMark(512).data))).toBe(true);

    // Pixels, not bytes: zlib's output may differ between Node versions, the drawing may not.
    const ico = readFileSync(join(projectDir, 'resources', 'icon.ico'));
    const at = [...Array(ico.readUInt16LE(4)).keys()].map((index) => 6 + index * 16).find((entry) => ico[entry] === 0);
    expect(at).toBeDefined();
    const offset = ico.readUInt32LE((at ?? 0) + 12);
    const large = PNG.sync.read(ico.subarray(offset, offset + ico.readUInt32LE((at ?? 0) + 8)));
    expect(Buffer.from(large.data).equals(Buffer.from(renderMark(256).data))).toBe(true);
    const bmp = encodeIcoBmp(renderMark(48));
    expect(ico.includes(bmp)).toBe(true);
  });

  it('the label fonts named by core are in resources/fonts', () => {
    for (const file of Object.values(fontFiles)) expect(existsSync(join(projectDir, 'resources', 'fonts', file))).toBe(true);
  });
});
