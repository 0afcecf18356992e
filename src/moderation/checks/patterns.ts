// PLACEHOLDER: the patterns check is being written; until then it finds nothing.
import { z } from 'zod';
import { defineCheck } from '../check-module';

export const patternsCheck = defineCheck({
  name: 'patterns',
  schema: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
  compile: () => () => ({ reasons: [] }),
});
