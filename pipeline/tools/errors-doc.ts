/** `make docs`: write docs/errors.md from the error catalogue. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderErrorsDoc } from '../core/catalogue-doc.js';
import { PROJECT_ROOT } from '../core/paths.js';

writeFileSync(path.join(PROJECT_ROOT, 'docs', 'errors.md'), renderErrorsDoc());
