import { z } from 'zod';

/** 64 KiB: variables are configuration, not files. */
export const VARIABLE_VALUE_MAX = 64 * 1024;

/** Names as the platform takes them: `env:` prefixes and `php:`-style namespaces included. */
export const variableNameSchema = z
  .string()
  .trim()
  .min(1, 'a variable name is required')
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, {
    error: 'use letters, digits, "_", ".", ":" and "-", starting with a letter or "_"',
  });

const variableValueSchema = z
  .string()
  .max(VARIABLE_VALUE_MAX, `a value holds ${VARIABLE_VALUE_MAX} characters at most`);

const variableFlags = {
  /** Write-only once set: the value is used by the environment and never shown again. */
  is_sensitive: z.boolean(),
  is_json: z.boolean(),
  visible_build: z.boolean(),
  visible_runtime: z.boolean(),
};

export const variableCreateSchema = z
  .object({
    name: variableNameSchema,
    value: variableValueSchema,
    is_sensitive: variableFlags.is_sensitive.default(false),
    is_json: variableFlags.is_json.default(false),
    visible_build: variableFlags.visible_build.default(true),
    visible_runtime: variableFlags.visible_runtime.default(true),
  })
  .superRefine(checkJsonValue);
export type VariableCreate = z.infer<typeof variableCreateSchema>;

export const variableUpdateSchema = z.object({
  value: variableValueSchema.optional(),
  is_sensitive: variableFlags.is_sensitive.optional(),
  is_json: variableFlags.is_json.optional(),
  visible_build: variableFlags.visible_build.optional(),
  visible_runtime: variableFlags.visible_runtime.optional(),
});
export type VariableUpdate = z.infer<typeof variableUpdateSchema>;

/** A JSON variable's value must parse; checked on create and on the merged result of an update. */
export function checkJsonValue(
  variable: { value: string; is_json: boolean },
  context: z.RefinementCtx,
): void {
  if (!variable.is_json) return;
  try {
    JSON.parse(variable.value);
  } catch {
    context.addIssue({
      code: 'custom',
      path: ['value'],
      message: 'is not valid JSON; fix it or leave out is_json',
    });
  }
}
