import { readFileSync } from "node:fs";
import { Validator, type Schema } from "@cfworker/json-schema";

const schema = JSON.parse(
  readFileSync(new URL("../../manifest.schema.json", import.meta.url), "utf8"),
) as Schema;
const validator = new Validator(schema, "2020-12", false);

/** The schema's verdict on a manifest, with its error messages for test output. */
export function validateWithSchema(json: unknown): { valid: boolean; errors: string[] } {
  const result = validator.validate(json);
  return {
    valid: result.valid,
    errors: result.errors.map((e) => `${e.instanceLocation}: ${e.error}`),
  };
}
