/**
 * What a source says of itself, before any figure is read: its genre (a statistical bulletin, a work report, a
 * plan), its reference year (from its title or first heading), when it was published (roughly: a bulletin after
 * its year, a work report in January of its year), the sections its headings open (`一、2023年工作回顾`: a review of
 * 2023; `二、2024年工作安排`: the targets of 2024), and what its notes say is preliminary (`注：…地区生产总值…为初步
 * 核算数`). Periods, kinds and statuses are read against it.
 */
import { isHeading, listMarker } from './context.js';
import { periodsIn, type PeriodMention } from './periods.js';

export type Genre = 'bulletin' | 'report' | 'plan' | 'other';

/** A section opened by a heading: its year where the heading writes one, and whether it reviews or plans. */
export interface Section {
  /** 1-based paragraph of the heading; 0 for the text before any heading. */
  heading: number;
  text: string;
  year: number | undefined;
  /**
   * The period the heading writes (`2023年`, `“十三五”时期`, `过去五年`), if any; where it writes a year and several
   * (`一、过去一年和“十四五”时期工作回顾`), the year: what a paragraph that writes no period of its own reviews.
   */
  mention: PeriodMention | undefined;
  part: 'review' | 'targets' | '';
}

export interface SourceDocument {
  /** 1-based, index 0 unused, as trace counts them. */
  paragraphs: readonly string[];
  genre: Genre;
  referenceYear: number;
  /**
   * Where the reference year comes from; `published` for a news story whose title and date line write none, from
   * the year it came out, `none` where the text writes no year at all (then it is this year).
   */
  referenceYearFrom: 'given' | 'title' | 'date line' | 'published' | 'text' | 'none';
  /**
   * When it was published (`YYYY-MM-DD`), as its date line says, else as its genre has it: a bulletin after its
   * year, a work report in January, a plan at the end of its year, anything else in the middle of its year.
   */
  published: string;
  /** Whether `published` is known (a date line, sources.csv or --published), not the guess of its genre. */
  publishedKnown: boolean;
  /** The year a review covers: the year before for a work report or a plan, else the reference year. */
  reviewYear: number;
  /** The last year of a plan's own period (`（2021—2025年）`), else undefined. */
  planEnd: number | undefined;
  /** The section of each paragraph, by paragraph number. */
  sections: readonly Section[];
  /** Names a note says are preliminary (`地区生产总值`); ['*'] where it says all figures are. */
  preliminary: readonly string[];
}

const GENRES: ReadonlyArray<[RegExp, Genre]> = [
  [/统计公报|公报/, 'bulletin'],
  [/政府工作报告|工作报告/, 'report'],
  // a department's summary of one year and plan for the next (2025年工作总结和2026年工作计划, …及2026年工作要点) is read
  // as a work report
  [/总结.*(?:计划|打算|安排|思路|要点|谋划|重点)/, 'report'],
  [/规划|计划|纲要/, 'plan'],
];
const REVIEW = /回顾|成就|成效|成绩|基础|现状|进展|过去|总结|情况/;
// a heading that says what will be done (我们将…办好十件实事：) opens targets too
const TARGETS = /安排|目标|任务|打算|展望|计划|举措|重点|要求|我们将|实事/;
const PRELIMINARY = /初步核算|初步统计|快报/;

const yearsIn = (text: string) =>
  [...text.matchAll(/(?<![\d.])((?:19|20)\d\d)(?=\s*[年—–\-~～至])/g)].map((m) => Number(m[1]));

/**
 * The reference year: the year of the title (a plan's first year, a report's last), else of a date line under it; for a
 * news story, the year it came out where that is known (`published`: sources.csv, --published); else the latest year
 * the text writes that no word of the future goes before (`到2025年` is a target, not the year of the text; but a news
 * story's years may all be of what it recounts, which is why --published is worth giving).
 */
function referenceYearOf(
  paragraphs: readonly string[],
  given: number | undefined,
  genre: Genre,
  published: string | undefined,
): { year: number; from: SourceDocument['referenceYearFrom'] } {
  if (given !== undefined) return { year: given, from: 'given' };
  // a plan is of its first year; a summary of one year and plan for the next is of the year it came out: the next,
  // or the first where it came out before the year was over (2025年工作总结和2026年工作打算 of 19 December 2025)
  const years = yearsIn(paragraphs[1] ?? '');
  const came = published ? Number(published.slice(0, 4)) : undefined;
  if (isSummary(genre, paragraphs[1] ?? '') && came !== undefined && years.includes(came))
    return { year: came, from: 'published' };
  const title = genre === 'report' ? years.at(-1) : years[0];
  if (title !== undefined) return { year: title, from: 'title' };
  const dated = dateLine(paragraphs);
  if (dated) return { year: Number(dated.slice(0, 4)), from: 'date line' };
  // a news story tells of its own year without writing it; the years it writes are of what it recounts
  if (genre === 'other' && published) return { year: Number(published.slice(0, 4)), from: 'published' };
  const past = paragraphs.flatMap((p) =>
    [...p.matchAll(/(?<![\d.])((?:19|20)\d\d)年/g)]
      .filter((m) => !/(?:到|至|展望|力争|目标|规划|至\d{4}—)$/.test(p.slice(Math.max(0, m.index - 2), m.index)))
      .map((m) => Number(m[1])),
  );
  return past.length ? { year: Math.max(...past), from: 'text' } : { year: new Date().getFullYear(), from: 'none' };
}

/** A department's summary of one year and plan for the next: a report whose title writes both years. */
const isSummary = (genre: Genre, title: string) =>
  genre === 'report' && /总结/.test(title) && yearsIn(title).length > 1;

/** A date line under the title (`——2024年1月22日在…`, `2024-06-12`), as `YYYY-MM-DD`. */
function dateLine(paragraphs: readonly string[]): string | undefined {
  for (const p of paragraphs.slice(1, 4)) {
    const m = /((?:19|20)\d\d)(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})/.exec(p);
    if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
  return undefined;
}

function sectionsOf(paragraphs: readonly string[]): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: 0, text: '', year: undefined, mention: undefined, part: '' };
  paragraphs.forEach((p, i) => {
    if (i > 1 && isHeading(p) && !listMarker(p) && !/^注/.test(p)) {
      const part = REVIEW.test(p) ? 'review' : TARGETS.test(p) ? 'targets' : '';
      const written = periodsIn(p).filter((m) => !m.base);
      current = {
        heading: i,
        text: p,
        year: yearsIn(p).at(-1),
        // a year and several (过去一年和“十四五”时期): the year
        mention: (written.length > 1 ? written.find((m) => m.words === 1) : undefined) ?? written.at(-1),
        part,
      };
    }
    sections.push(current);
  });
  return sections;
}

/** The names a note lists as preliminary: `注：1.本公报中地区生产总值、人均地区生产总值为初步核算数。` */
function preliminaryOf(paragraphs: readonly string[]): string[] {
  const names: string[] = [];
  for (const p of paragraphs.slice(1).filter((x) => /^注/.test(x))) {
    for (const sentence of p.split(/[。；]|\d+[.．、]/)) {
      if (!PRELIMINARY.test(sentence)) continue;
      const m = /(?:本公报中?|本文中?)?(.*?)(?:数据|数)?(?:均)?为初步(?:核算|统计)/.exec(sentence);
      const listed = (m?.[1] ?? '')
        .replace(/^.*?本公报中?/, '')
        .replace(/\d{4}年/g, '')
        .split(/[、和及与]/)
        .map((s) => s.replace(/数据$/, '').trim())
        .filter((s) => s.length >= 2);
      names.push(...(listed.length ? listed : ['*']));
    }
  }
  return names;
}

/**
 * Read what a source says of itself. `referenceYear` where the curator knows it (sources.csv); `came`, when it came
 * out, where it is known (sources.csv, --published; a year or a month where no day is known).
 */
export function readDocument(paragraphs: readonly string[], referenceYear?: number, came?: string): SourceDocument {
  const title = paragraphs[1] ?? '';
  const genre = GENRES.find(([re]) => re.test(title))?.[1] ?? 'other';
  const { year: ref, from } = referenceYearOf(paragraphs, referenceYear, genre, came);
  const dated = dateLine(paragraphs);
  // a news story came out when its date line, the curator or today says; the others as their genre has it
  const summary = isSummary(genre, title);
  const known =
    dated && dated.startsWith(String(ref))
      ? dated
      : (genre === 'other' || summary) && came && /^\d{4}-\d{2}-\d{2}$/.test(came) && came.startsWith(String(ref))
        ? came
        : undefined;
  const published =
    known ??
    (genre === 'bulletin'
      ? `${ref + 1}-01-01`
      : genre === 'report'
        ? `${ref}-01-31`
        : genre === 'plan'
          ? `${ref}-12-31`
          : `${ref}-07-01`);
  const planYears = genre === 'plan' ? yearsIn(title) : [];
  return {
    paragraphs,
    genre,
    referenceYear: ref,
    referenceYearFrom: from,
    published,
    publishedKnown: known !== undefined,
    // a summary reviews the first year its title writes (which may be the year it came out in)
    reviewYear: summary ? yearsIn(title)[0]! : genre === 'report' || genre === 'plan' ? ref - 1 : ref,
    planEnd: planYears.length > 1 ? planYears.at(-1) : undefined,
    sections: sectionsOf(paragraphs),
    preliminary: preliminaryOf(paragraphs),
  };
}

/** The year of a paragraph's section: its heading's, else the review year in a review, the reference year elsewhere. */
export function sectionYear(doc: SourceDocument, index: number): number {
  const section = doc.sections[index];
  if (section?.year !== undefined) return section.year;
  if (section?.part === 'review') return doc.reviewYear;
  if (section?.part === 'targets' && doc.genre === 'report') return doc.referenceYear;
  return doc.genre === 'report' ? doc.reviewYear : doc.referenceYear;
}
