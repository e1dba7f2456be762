import { defineConfig } from "vitest/config";

// Two groups: the fast suite (`npm run test:unit`, or `--project unit`, while developing) and the
// slow one (`npm run test:slow`: golden runs on the large shared traces, the notebook runner).
// `vitest run` runs both; `npm test` and CI always do.
export default defineConfig({
  test: {
    globalSetup: ["test/helpers/temp-guard.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.slow.test.ts", "node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "slow",
          include: ["test/**/*.slow.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
