/** `make types`: write pipeline/core/tables.generated.ts, the published rows' types, from their JSON Schemas. */
import { writeFileSync } from 'node:fs';
import { formattedRowTypes, ROW_TYPES_FILE } from '../core/row-types.js';

writeFileSync(ROW_TYPES_FILE, await formattedRowTypes());
