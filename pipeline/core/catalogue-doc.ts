/** docs/errors.md, generated from the error catalogue: what each code means and how to fix it. */
import { CATALOGUE, type CatalogueEntry, type Stage } from './catalogue.js';
import { pushTo } from './group.js';

const STAGES: Record<Stage, string> = {
  file: 'Files of raw/',
  encoding: 'Encodings',
  csv: 'CSV',
  schema: 'Schemas',
  rule: 'Rules across rows and tables',
  value: 'Values',
  period: 'Periods',
  check: 'Checks on normalized figures',
  trace: 'Provenance: figures against their source texts',
  release: 'Releases',
  verify: 'verify',
  lock: 'The lock',
  usage: 'The command line (exit status 2)',
  environment: 'The machine (exit status 4)',
};

const entry = (code: string, e: CatalogueEntry) =>
  [
    `### \`${code}\`: ${e.title}`,
    '',
    e.description,
    '',
    `Message: \`${e.template.replace(/`/g, "'")}\``,
    ...(e.untestable ? ['', `No test fixture raises it: ${e.untestable}.`] : []),
  ].join('\n');

export function renderErrorsDoc(): string {
  const byStage = new Map<Stage, string[]>();
  for (const [code, e] of Object.entries(CATALOGUE) as [string, CatalogueEntry][])
    pushTo(byStage, e.stage, entry(code, e));
  const sections = [...byStage].map(([stage, entries]) => `## ${STAGES[stage]}\n\n${entries.join('\n\n')}`);
  return `<!-- Generated from pipeline/core/catalogue.ts by \`make docs\`; do not edit. -->

# Error catalogue

Every problem the pipeline reports has a code, a title and a message. A problem about a file names the file, the
line and the column: \`raw/figures/education.csv:12:value_text: unknown measure word "圆" in "19.26亿圆"\`.
\`validate --format json\` gives each problem's code and its values as structured \`params\`; \`--format github\`
gives CI annotations. In a message, \`{name}\` stands for a value of the problem.

Exit statuses: 0 ok, 1 invalid data or a failed check, 2 wrong use of the command line, 3 another run holds the
lock, 4 the machine refused (a full disk, a permission), 5 an error nobody expected (its details go to a file
whose name the message gives).

${sections.join('\n\n')}
`;
}
