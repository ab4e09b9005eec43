import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { buildGraphQLSchema } from './schema.js';
import { printSchemaFile } from './print-schema.js';

/** `pnpm schema:emit`: writes schema/schema.graphql from the code. CI checks that the committed file matches. */
const target = path.join(REPO_ROOT, 'schema', 'schema.graphql');
writeFileSync(target, printSchemaFile(await buildGraphQLSchema()));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
