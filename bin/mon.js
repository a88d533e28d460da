#!/usr/bin/env node
// Tiny shim: the CLI lives in dist/ (built by `npm run build`).
import('../dist/main.js').then((m) => m.main(process.argv));
