// Shared lint rules for every package; each package runs `eslint .` from its folder.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import lit from "eslint-plugin-lit";
import wc from "eslint-plugin-wc";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/storybook-static/**",
      "**/node_modules/**",
      "**/test-results/**",
      "**/coverage/**",
      "**/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["packages/elements/**/*.ts", "packages/docs/**/*.ts"],
    ...lit.configs["flat/recommended"],
  },
  {
    files: ["packages/elements/**/*.ts", "packages/docs/**/*.ts"],
    ...wc.configs["flat/recommended"],
  },
  {
    // chai assertions such as `expect(x).to.exist` are expressions.
    files: ["**/*.test.ts"],
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
  {
    // core runs in Node and browsers alike: no DOM.
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", "document", "window", "customElements", "HTMLElement"],
    },
  },
);
