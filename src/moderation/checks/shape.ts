// PLACEHOLDER: the shape check is being written; until then it finds nothing.
import { z } from 'zod';
import { defineCheck } from '../check-module';

export const shapeCheck = defineCheck({
  name: 'shape',
  schema: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
  compile: () => () => ({ reasons: [] }),
});
