/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Every core: jest's default leaves one free, which on two cores means one worker.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // tsconfig's isolatedModules makes ts-jest transpile file by file; `npm run typecheck` checks types.
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // As in the bundled synth: no stack trace for every cdktf token (see test/helpers/no-stack-trace.ts).
  moduleNameMapper: { '^\\./(tokens/)?(private/)?stack-trace$': '<rootDir>/test/helpers/no-stack-trace.ts' },
  clearMocks: true,
  restoreMocks: true,
};
