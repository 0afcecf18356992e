// PLACEHOLDER: the history check (duplicates, floods) is being written; until then it finds nothing.
import { z } from 'zod';
import { defineCheck } from '../check-module';

export const historyCheck = defineCheck({
  name: 'history',
  schema: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
  compile: () => () => ({ reasons: [] }),
});
