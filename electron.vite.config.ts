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
