// Writes dist/react.d.ts and dist/vue.d.ts from custom-elements.json, so React 19 JSX and Vue 3
// templates type-check the public elements' attributes, properties and events. The published
// generators target Preact/Solid JSX or React ≤ 18 wrappers and leave event detail types
// unresolved; React 19 and Vue need the few lines below instead.
import { readFileSync, writeFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync("custom-elements.json", "utf8"));
const entry = manifest.modules.find((m) => m.path === "src/index.ts");
const exported = new Set(entry.exports.map((e) => e.name));
const elements = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName && exported.has(d.name));

const doc = (text) => (text ? `  /** ${text.replace(/\*\//g, "*\\/")} */\n` : "");
const camel = (name) => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const detailOf = (event) => {
  const text = event.type?.text ?? "unknown";
  return text.startsWith("CustomEvent<") ? text : `CustomEvent<${text}>`;
};
const importedTypes = new Set(elements.map((el) => el.name));
for (const el of elements) {
  for (const ev of el.events ?? []) {
    for (const name of detailOf(ev).match(/[A-Z]\w+/g) ?? [])
      if (exported.has(name)) importedTypes.add(name);
  }
}

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

const header = (from) =>
  `// Generated from custom-elements.json by scripts/framework-types.mjs: do not edit.\n` +
  `${from}\nimport type { ${[...importedTypes].sort().join(", ")} } from "./index.js";\n`;

// React 19 sets unknown props as properties when the element has them, and `on<event>` as a
// listener for exactly <event>.
const react = [header(`import type { HTMLAttributes, RefAttributes } from "react";`)];
for (const el of elements) {
  react.push(
    `\nexport type ${el.name}JsxProps = HTMLAttributes<${el.name}> & RefAttributes<${el.name}> & {`,
  );
  react.push(...props(el));
  for (const ev of el.events ?? [])
    react.push(
      `${doc(ev.description)}  ${JSON.stringify(`on${ev.name}`)}?: (event: ${detailOf(ev)}) => void;`,
    );
  react.push(`};`);
}
react.push(`\ndeclare module "react" {\n  namespace JSX {\n    interface IntrinsicElements {`);
for (const el of elements) react.push(`      ${JSON.stringify(el.tagName)}: ${el.name}JsxProps;`);
react.push(`    }\n  }\n}\n`);

// Vue 3 templates: `@esp-flash-done` type-checks against the prop `onEspFlashDone`.
const vue = [header(`import type { DefineComponent } from "vue";`)];
for (const el of elements) {
  vue.push(`\nexport type ${el.name}VueProps = {`);
  vue.push(...props(el));
  for (const ev of el.events ?? [])
    vue.push(`${doc(ev.description)}  on${camel(ev.name)}?: (event: ${detailOf(ev)}) => void;`);
  vue.push(`};`);
}
vue.push(`\ndeclare module "vue" {\n  interface GlobalComponents {`);
for (const el of elements)
  vue.push(`    ${JSON.stringify(el.tagName)}: DefineComponent<${el.name}VueProps>;`);
vue.push(`  }\n}\n`);

const empty = "// Types only: see react.d.ts / vue.d.ts.\nexport {};\n";
writeFileSync("dist/react.d.ts", react.join("\n"));
writeFileSync("dist/react.js", empty);
writeFileSync("dist/vue.d.ts", vue.join("\n"));
writeFileSync("dist/vue.js", empty);
