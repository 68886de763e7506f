// The web app's build: served by the API process under /app (apps/api/src/web-app), so every
// asset URL starts there. `npm start` and `npm test` run this when the build is missing or stale.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, reportCompressedSize: true },
});
