const CDKTF_FAST_PATH_FILES = 'cdktf/lib/tokens/private/(resolve|encoding)\\.js$';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Every core: jest's default leaves one free, which on two cores means one worker.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // tsconfig's isolatedModules makes ts-jest transpile file by file; `npm run typecheck` checks types.
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // cdktf's token resolution with the fast paths the bundled synth has (scripts/cdktf-fast-paths.mjs).
    [CDKTF_FAST_PATH_FILES]: '<rootDir>/test/helpers/cdktf-transform.mjs',
  },
  transformIgnorePatterns: [`/node_modules/(?!${CDKTF_FAST_PATH_FILES})`],
  globalSetup: '<rootDir>/test/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // As in the bundled synth: no stack trace for every cdktf token (see test/helpers/no-stack-trace.ts).
  moduleNameMapper: { '^\\./(tokens/)?(private/)?stack-trace$': '<rootDir>/test/helpers/no-stack-trace.ts' },
  clearMocks: true,
  restoreMocks: true,
};
