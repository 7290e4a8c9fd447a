// Lint rules that need type information and that the type-check alone does not give: promises left
// floating (an unhandled rejection or an ordering bug) and code that is never used. Formatting is
// Prettier's (`npm run format`); `npm test` runs both checks after the type-check.
import tseslint from 'typescript-eslint';

/** node:test's describe/test return promises the runner itself awaits. */
const nodeTest = {
  from: 'package',
  package: 'node:test',
  name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'public/dist/**', 'src/proto/im.js', 'src/proto/im.d.ts', 'data/**', 'test-output/**'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [nodeTest] }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      'no-unused-private-class-members': 'error',
      'no-unreachable': 'error',
    },
  },
);
