// Writes dist/react.d.ts, dist/vue.d.ts and dist/svelte.d.ts from custom-elements.json, so
// React JSX, Vue 3 templates and Svelte 5 markup type-check the public elements' attributes,
// properties and events: <esp-flash-button> and the compat tag <esp-web-install-button>. The
// published generators target Preact/Solid JSX or React ≤ 18 wrappers and leave event detail
// types unresolved; React, Vue and Svelte need the few lines below instead.
import { readFileSync, writeFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync("custom-elements.json", "utf8"));
/** The package entries whose elements are public, and the file their types come from. */
const ENTRIES = [
  { module: /(^|\/)index\.(ts|js)$/, from: "./index.js" },
  { module: /(^|\/)web-compat\.(ts|js)$/, from: "./web-compat.js" },
];
const typesFrom = new Map(); // exported name → file
for (const { module, from } of ENTRIES)
  for (const e of manifest.modules.find((m) => module.test(m.path))?.exports ?? [])
    if (e.kind === "js" && e.name !== "*" && !typesFrom.has(e.name)) typesFrom.set(e.name, from);
const elements = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName && typesFrom.has(d.name))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

const doc = (text) => (text ? `  /** ${text.replace(/\*\//g, "*\\/")} */\n` : "");
const camel = (name) => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const detailOf = (event) => {
  const text = event.type?.text ?? "unknown";
  return text.startsWith("CustomEvent<") ? text : `CustomEvent<${text}>`;
};
const imported = new Set(elements.map((el) => el.name));
for (const el of elements)
  for (const ev of el.events ?? [])
    for (const name of detailOf(ev).match(/[A-Z]\w+/g) ?? [])
      if (typesFrom.has(name)) imported.add(name);

/** Attributes (kebab names) and settable public properties without an attribute. */
function props(el) {
  const lines = [];
  for (const attr of el.attributes ?? []) {
    const type = attr.fieldName ? `${el.name}[${JSON.stringify(attr.fieldName)}]` : "string";
    lines.push(`${doc(attr.description)}  ${JSON.stringify(attr.name)}?: ${type};`);
  }
  for (const m of el.members ?? []) {
    if (m.kind !== "field" || m.privacy || m.static || m.readonly || m.attribute === m.name)
      continue;
    lines.push(`${doc(m.description)}  ${m.name}?: ${el.name}[${JSON.stringify(m.name)}];`);
  }
  return lines;
}

/** Attributes only, as strings: what a framework that never sets properties can pass. */
function attributesOnly(el) {
  return (el.attributes ?? []).map((attr) => {
    const field = attr.fieldName ? `${el.name}[${JSON.stringify(attr.fieldName)}]` : "string";
    // An attribute is text: a property typed object or number is written as its text form.
    const type = `Extract<${field}, string> | (number extends ${field} ? number : never)`;
    return `${doc(attr.description)}  ${JSON.stringify(attr.name)}?: ${type};`;
  });
}

const header = (from) => {
  const byFile = new Map();
  for (const name of [...imported].sort())
    byFile.set(typesFrom.get(name), [...(byFile.get(typesFrom.get(name)) ?? []), name]);
  const imports = [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, names]) => `import type { ${names.join(", ")} } from "${file}";`);
  return `// Generated from custom-elements.json by scripts/framework-types.mjs: do not edit.\n${from}\n${imports.join("\n")}\n`;
};

// React 19 sets unknown props as properties when the element has them, and `on<event>` as a
// listener for exactly <event>. React 18 sets every prop as an attribute and attaches no
// listener to a custom element: with its types (no useActionState) only attributes are offered.
const react = [
  header(
    `import type * as React from "react";\nimport type { HTMLAttributes, RefAttributes } from "react";`,
  ),
  `/** React 19 or later: its types have useActionState, which React 18's lack. */`,
  `type SetsProperties = typeof React extends { useActionState: unknown } ? true : false;`,
];
for (const el of elements) {
  react.push(
    `\nexport type ${el.name}JsxProps = HTMLAttributes<${el.name}> & RefAttributes<${el.name}> & (SetsProperties extends true ? {`,
  );
  react.push(...props(el));
  for (const ev of el.events ?? [])
    react.push(
      `${doc(ev.description)}  ${JSON.stringify(`on${ev.name}`)}?: (event: ${detailOf(ev)}) => void;`,
    );
  react.push(`} : {`, ...attributesOnly(el), `});`);
}
react.push(`\ndeclare module "react" {\n  namespace JSX {\n    interface IntrinsicElements {`);
for (const el of elements) react.push(`      ${JSON.stringify(el.tagName)}: ${el.name}JsxProps;`);
react.push(`    }\n  }\n}\n`);

// Vue 3 templates: `@esp-flash-done` type-checks against the prop `onEspFlashDone`; the
// element's own props come with every HTML attribute and listener (`id`, `aria-*`, `@click`),
// which `strictTemplates` otherwise rejects.
const vue = [
  header(`import type { DefineComponent, HTMLAttributes } from "vue";`),
  // Vue's HTMLAttributes lacks `slot` and `data-*`, and templates check a component's
  // attributes camelized (`data-board` as `dataBoard`).
  "type VueElementAttributes = {\n  slot?: string;\n  [data: `data-${string}`]: unknown;\n  [data: `data${Capitalize<string>}`]: unknown;\n};",
];
for (const el of elements) {
  vue.push(`\nexport type ${el.name}VueProps = HTMLAttributes & VueElementAttributes & {`);
  vue.push(...props(el));
  for (const ev of el.events ?? [])
    vue.push(`${doc(ev.description)}  on${camel(ev.name)}?: (event: ${detailOf(ev)}) => void;`);
  vue.push(`};`);
}
vue.push(`\ndeclare module "vue" {\n  interface GlobalComponents {`);
for (const el of elements)
  vue.push(`    ${JSON.stringify(el.tagName)}: DefineComponent<${el.name}VueProps>;`);
vue.push(`  }\n}\n`);

// Svelte 5 sets a prop as a property when the element has one, else as an attribute, and
// treats `on<event>` as a listener for exactly <event>.
const svelte = [header(`import type { HTMLAttributes } from "svelte/elements";`)];
for (const el of elements) {
  svelte.push(`\nexport type ${el.name}SvelteProps = HTMLAttributes<${el.name}> & {`);
  svelte.push(...props(el));
  for (const ev of el.events ?? [])
    svelte.push(
      `${doc(ev.description)}  ${JSON.stringify(`on${ev.name}`)}?: (event: ${detailOf(ev)}) => void;`,
    );
  svelte.push(`};`);
}
svelte.push(`\ndeclare module "svelte/elements" {\n  interface SvelteHTMLElements {`);
for (const el of elements) svelte.push(`    ${JSON.stringify(el.tagName)}: ${el.name}SvelteProps;`);
svelte.push(`  }\n}\n`);

const empty = "// Types only: see react.d.ts, vue.d.ts and svelte.d.ts.\nexport {};\n";
for (const [name, lines] of Object.entries({ react, vue, svelte })) {
  writeFileSync(`dist/${name}.d.ts`, lines.join("\n"));
  writeFileSync(`dist/${name}.js`, empty);
}
