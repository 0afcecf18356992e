#!/usr/bin/env node
// The `moderate` command; `npm install` (prepare) or `npm run build` compiles the TypeScript it runs.
require('../dist/cli/main.js').main();
