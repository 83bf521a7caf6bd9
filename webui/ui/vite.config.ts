// Vite builds the admin app into ../uidist/app, which webui/spa.go embeds
// into pbxd. `npm run dev` serves it with hot reload and sends /api/ (and
// the websocket) to a pbxd on PBX_WEB, 127.0.0.1:8080 by default.
import { defineConfig } from "vite";

const pbxd = process.env.PBX_WEB ?? "127.0.0.1:8080";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../uidist/app",
    emptyOutDir: true,
    assetsDir: "assets",
    // The box's CSP allows only its own files: no inline scripts or styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // React Flow marks its modules "use client" for server rendering,
        // which a browser-only bundle has no use for.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes('"use client"')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: `http://${pbxd}`, ws: true },
    },
  },
});
