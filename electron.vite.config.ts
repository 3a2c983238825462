import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Entries are explicit because our folders are src-main / src-preload / src-renderer,
// not electron-vite's default src/main etc.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // The Electron host. Only this entry may touch 'electron'.
          index: resolve(__dirname, 'src-main/electron/index.ts'),
          // Plain-Node hosts: the CLI and the web host run without Electron.
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
          web: resolve(__dirname, 'src-main/web/main.ts'),
          // The parse worker (D34): a thread of the hosts above, found next to them at run time.
          'parse-worker': resolve(__dirname, 'src-main/core/onec/parse-thread/parse-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one self-contained CJS file: no require() of node_modules.
      isolatedEntries: true,
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
