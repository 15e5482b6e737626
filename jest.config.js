/**
 * One jest run, five projects: domain units (node), pages (jsdom with Taro mocks), cloud functions
 * and the local cloud (node, real wx-server-sdk over the embedded store), the real weapp build under
 * miniprogram-simulate, and end-to-end tests of the H5 build in Chromium.
 */
const tsTransform = {
  '^.+\\.tsx?$': [
    'ts-jest',
    {
      // isolatedModules in the tsconfig makes ts-jest transpile only: types are `npm run typecheck`'s job
      tsconfig: { module: 'commonjs', jsx: 'react-jsx', esModuleInterop: true, target: 'es2020', isolatedModules: true },
    },
  ],
};

const base = { transform: tsTransform, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'], testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-h5/', '/build/'] };

module.exports = {
  projects: [
    { ...base, displayName: 'domain', testEnvironment: 'node', testMatch: ['<rootDir>/src/domain/**/*.test.ts'] },
    {
      ...base,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/src/**/*.test.tsx', '<rootDir>/src/services/**/*.test.ts'],
      moduleNameMapper: {
        '^@tarojs/taro$': '<rootDir>/src/test/taroMock.ts',
        '^@tarojs/components$': '<rootDir>/src/test/componentsMock.tsx',
        '\\.(css|scss|png)$': '<rootDir>/src/test/fileMock.ts',
      },
    },
    {
      ...base,
      displayName: 'functions',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/cloudfunctions/**/*.test.ts', '<rootDir>/localcloud/**/*.test.ts'],
    },
    { ...base, displayName: 'weapp', testEnvironment: 'jsdom', testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
};
