import { Ajv, type Options, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from 'typebox';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const base: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ ...base, ...options });
  addFormats.default(ajv);
  return ajv;
}

// Query strings, path parameters and headers are text, so they are coerced to the schema's
// types. JSON bodies are not: coercion there would turn `null` into `0` for a nullable number
// ("fee not stated" would become "free"), and a wrongly typed value must be refused.
const textParts = ajvWith({ coerceTypes: 'array' });
const bodies = ajvWith({ coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodies : textParts).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;

/** A validator for a JSON value outside a request (an import row, a form turned into JSON). */
export const compileJsonValidator = <T extends TSchema>(schema: T): ValidateFunction<Static<T>> => bodies.compile<Static<T>>(schema as object);
