#!/usr/bin/env node
// The `moderate` command; the TypeScript sources are compiled by `npm install` (prepare) or `npm run build`.
require('../dist/cli/main.js');
