import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// eslint loads the default export of its config file: the one default export we allow.
// eslint-disable-next-line no-restricted-syntax
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/testdata/**', '.cache/**', 'web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' },
        { selector: 'ThrowStatement > Literal', message: 'Never throw a string.' },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'bin/**/*.cjs', 'scripts/**/*.js', '*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly' },
    },
  },
  {
    // CommonJS scripts: require() is how they import
    files: ['bin/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
