#!/usr/bin/env node
// Entry point of `npm run bench`: plain JS so it runs on a fresh clone with nothing compiled.
// Usage: node --expose-gc bench/run.js [--quick] [--only=getall,create,trigger] [--sizes=1000,10000]
'use strict';
require('./register');
require('./main.ts');
