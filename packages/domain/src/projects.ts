import { z } from 'zod';
import { environmentNameSchema } from './environments.ts';

/**
 * A new project: what `project:create`, the console's form and the API all check. Its
 * default branch becomes the production environment.
 */
export const projectCreateSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(200, 'keep it to 200 characters'),
  default_branch: environmentNameSchema.default('main'),
});

export type ProjectCreate = z.infer<typeof projectCreateSchema>;
