/** Domain unit tests (plain node, no Taro): `npx jest -c src/domain/jest.config.js`. */
module.exports = {
  displayName: 'domain',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    // transpile only (isolatedModules): type checking is tsc's job, and it keeps the run fast
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'es2020', esModuleInterop: true, isolatedModules: true } }],
  },
};
