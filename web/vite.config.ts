/**
 * The dashboard's build: `npm run build` runs `vite build --config web/vite.config.ts` after tsc, into dist/web,
 * which the server serves at / (src/server/static.ts). JSX goes through esbuild's automatic runtime (no Babel).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // ECharts alone is ~600 kB minified; the dashboard is one page, served locally.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});
