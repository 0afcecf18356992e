// PLACEHOLDER: the classifier check is being written; until then it finds nothing.
import { z } from 'zod';
import { defineCheck } from '../check-module';

export const classifierCheck = defineCheck({
  name: 'classifier',
  schema: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
  compile: () => () => ({ reasons: [] }),
});
