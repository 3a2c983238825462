import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Renderer modules with tests are pure logic (no DOM): the keyboard-wedge decoder, formatting.
    include: ['src-main/**/*.test.ts', 'src-preload/**/*.test.ts', 'src-renderer/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Native modules (better-sqlite3) and child processes: separate processes are the safe choice.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
