/**
 * Tests of the embedded store and the SDK transport: `npx jest -c localcloud/db/jest.config.js`.
 * Kept separate until the root config folds it in (its `functions` project already matches these files).
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'localcloud-db',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        // Transpile only (isolatedModules): type checking is `npm run typecheck`'s job, and it keeps runs fast.
        diagnostics: false,
        tsconfig: { module: 'commonjs', target: 'es2020', esModuleInterop: true, isolatedModules: true },
      },
    ],
  },
};
