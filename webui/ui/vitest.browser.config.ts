// Browser tests: Debian's Chromium, driven by playwright-core, against a
// real pbxd (PBXD, default ../../build/pbxd) on free loopback ports.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each file runs its own pbxd and Chromium on free ports, so files run
    // side by side: make test-ui stays near a minute.
    fileParallelism: true,
    maxWorkers: 3,
  },
});
