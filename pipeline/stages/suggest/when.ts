/**
 * The period of a figure, as a curator writes it: `period_text` only where the figure's own paragraph writes the
 * period, an explicit `period` (with a note saying where it comes from) otherwise. In its paragraph: the period the
 * figure's sentence writes before it (never a base of comparison: `比2018年增加7417元` is a change on 2018, of the
 * bulletin's year), else one written after it in a clause of no other number, else one of an earlier sentence.
 * Elsewhere: a list's lead-in (`具体目标如下：`), a heading (`一、2023年工作回顾`), the source's year (its title).
 * A year whose number the paragraph does not write (全年 in a work report's review, 一年来) is the section's year;
 * a stock (`总数达到…`, `累计达到…`) of a whole year is counted at its end.
 */
import { CHINESE_DIGITS, parsePeriodText, resolvePeriod, type ParsedPeriod } from '../normalize/periods.js';
import { isLeadIn, listMarker, sentenceAround } from './context.js';
import { sectionYear, type SourceDocument } from './document.js';
import { periodRulesRead, type PeriodMention } from './periods.js';
import { numbersIn } from '../trace/numbers.js';

export interface PeriodChoice {
  periodText: string;
  period: string;
  note: string;
  /** The period as it reads, where it does. */
  read: ParsedPeriod | undefined;
  /** A count of years taken as the figure's period_text (its number is then part of a period). */
  span: PeriodMention | undefined;
  /** The period as written looks ahead (`到2025年`, `未来5年`): a target where it is not over. */
  ahead: boolean;
}

const AHEAD = /^(?:预计)?(?:到|至)\d|^未来|^今后|^明年/;

/** Where a figure stands: its paragraph and offsets, and whether it counts a stock or a flow (what was added, done). */
export interface Place {
  index: number;
  start: number;
  end: number;
  stock: boolean;
  flow: boolean;
  /** What its words say was added or done (新增, 完成, 接待), not only a verb of change: of a whole year to December. */
  added?: boolean;
  /** A count or an amount of things done (建成, 培养, 开展, 投入): it may be a total whose start the text does not say. */
  done: boolean;
  /** An average change per year (年均): of a period of several years. */
  annual: boolean;
  /** A level a change reached (增加到, 提高到): of the end of the years it took, where they are several. */
  level?: boolean;
  /** A level held (稳定在, 保持在): of a time, not what was done in one. */
  held?: boolean;
}

/** A period of several years: a count of years, a plan, a range (`过去五年`, `“十三五”期间`, `2018—2022年`). */
const severalYears = (m: PeriodMention) =>
  m.span || (m.words ?? 0) > 1 || /十[一二三四五]五|\d{4}[—–\-~～至到]\d{4}|年来|以来/.test(m.text);

type Found = { mention: PeriodMention; index: number; how: 'own' | 'after' | 'earlier' | 'lead-in' };

/** The period mention of the figure's own paragraph. */
function ownMention(doc: SourceDocument, mentions: readonly PeriodMention[], at: Place): Found | undefined {
  const paragraph = doc.paragraphs[at.index]!;
  const sentence = sentenceAround(paragraph, at.start);
  const usable = mentions.filter((m) => !m.base);
  // 由上年的2.34缩小到2.28: 上年 is of 2.34 only; the parts of a ratio after it (的6.9:40.1:53.0) are all of it
  const from = usable.find(
    (m) => m.from && m.end <= at.start && /^的(?:[\d.]+[:：∶])*$/.test(paragraph.slice(m.end, at.start)),
  );
  if (from) return { mention: from, index: at.index, how: 'own' };
  const before = usable.filter((m) => !m.from && m.start >= sentence.start && m.end <= at.start).at(-1);
  const years =
    at.annual && before && !severalYears(before)
      ? usable.filter((m) => m.end <= at.start && severalYears(m)).at(-1)
      : undefined;
  if (before) return { mention: years ?? before, index: at.index, how: 'own' };
  const after = usable.find((m) => m.start >= at.end && m.end <= sentence.end);
  if (after && !/\d/.test(paragraph.slice(after.end, sentence.end).replace(/\d{4}年/g, '')))
    return { mention: after, index: at.index, how: 'after' };
  const earlier = usable.filter((m) => !m.from && !m.span && m.end <= sentence.start).at(-1);
  return earlier && { mention: earlier, index: at.index, how: 'earlier' };
}

/** The period a list item opens with, alone in its first clause (`- 到2025年，`, `- 未来5年，九年义务教育…`). */
function itemLeadIn(item: string, mentions: readonly PeriodMention[]): PeriodMention | undefined {
  const start = listMarker(item).length;
  const first = mentions.find((m) => !m.base);
  return first && first.start === start && /^(?:[，,：:]|$)/.test(item.slice(first.end)) ? first : undefined;
}

/** Whether a paragraph holds a number that is no part of a period: a figure, most likely. */
const holdsFigures = (paragraph: string) => numbersIn(paragraph).some((n) => !n.period && !n.span);

/**
 * A lead-in's period: of a list's opening item or paragraph, or of the paragraph just before where it ends with a
 * colon (`具体目标如下：`), states a period and no figure (`“十三五”期间，全区教育事业长足发展。`), or tells the same
 * story (a news text).
 */
function leadInMention(doc: SourceDocument, mentions: readonly PeriodMention[][], index: number): Found | undefined {
  const list = listMarker(doc.paragraphs[index]!) !== '';
  let j = index - 1;
  if (list)
    for (; j >= 1 && listMarker(doc.paragraphs[j]!); j--) {
      const item = itemLeadIn(doc.paragraphs[j]!, mentions[j]!);
      if (item) return { mention: item, index: j, how: 'lead-in' };
    }
  // a news story goes on in the period of its last paragraph that wrote one (up to three back)
  if (!list && doc.genre === 'other')
    for (
      let k = 0;
      k < 2 && j > 2 && doc.sections[j]?.heading !== j && !mentions[j]!.some((m) => !m.base && !m.from);
      k++
    )
      j--;
  if (j < 2 || doc.sections[j]?.heading === j) return undefined;
  const before = doc.paragraphs[j]!;
  // a news story's paragraph goes on in the period of the one before it; a bulletin's or report's is of its section
  if (!list && !isLeadIn(before) && holdsFigures(before) && doc.genre !== 'other') return undefined;
  const last = mentions[j]!.filter((m) => !m.base && !m.from).at(-1);
  return last && { mention: last, index: j, how: 'lead-in' };
}

const explicit = (period: string, note: string, read?: ParsedPeriod, ahead = false): PeriodChoice => ({
  periodText: '',
  period,
  note,
  read: read ?? parseOrUndefined(period),
  span: undefined,
  ahead,
});

/** A choice's note with more said after it. */
const noted = (choice: PeriodChoice, more: string) => [choice.note, more].filter(Boolean).join('; ');

function parseOrUndefined(period: string): ParsedPeriod | undefined {
  try {
    return resolvePeriod('', period, 2000);
  } catch {
    return undefined;
  }
}

/** A mention turned into period_text and period: its year from its section where the text does not write it. */
function fromMention(doc: SourceDocument, found: Found, held = false): PeriodChoice {
  const m = found.mention;
  // 今年 is the source's own year in any section (a work report's review calls its year 过去一年, 去年)
  const year = /^(?:今年|去年|明年)/.test(m.text) ? doc.referenceYear : sectionYear(doc, found.index);
  const where = found.how === 'lead-in' ? ` (paragraph ${found.index})` : '';
  if (m.words !== undefined) {
    const period = m.words === 1 ? String(year) : `${year - m.words + 1}/${year}`;
    return explicit(
      period,
      `"${m.text}"${where} is no period the rules read: the ${m.words === 1 ? 'year' : 'years'} under review, ${period}`,
    );
  }
  if (m.span && doc.genre !== 'bulletin' && /来$/.test(m.text)) {
    const n = Number(/\d+/.exec(m.text)![0]);
    const period = `${doc.reviewYear - n + 1}/${doc.reviewYear}`;
    return explicit(
      period,
      `"${m.text}"${where} in a ${doc.genre} counts the years under review up to ${doc.reviewYear}: ${period}`,
    );
  }
  // 今年以来 is the year so far: to the last month the text reports, or the month before it came out; a level held or
  // reached since (稳定在28万亩以上, 提高到93.6%) is of the year
  const soFar = m.text === '今年以来' && !held ? yearSoFar(doc, year) : undefined;
  if (soFar)
    return explicit(
      soFar.period,
      `"今年以来"${where} is the year so far: January to ${soFar.how}, ${soFar.period}; if it is the whole year, ${year}`,
    );
  const unread = periodRulesRead(m.text) ? undefined : unreadPeriod(doc, m.text, year);
  const sofar = m.text === '今年以来' ? '; or count it up to the last month the text reports' : '';
  if (unread)
    return explicit(
      unread,
      `no period rule reads "${m.text}"${where}: ${unread}${sofar}`,
      undefined,
      AHEAD.test(m.text),
    );
  const read = parsePeriodText(m.text, year);
  const own = found.how !== 'lead-in';
  const shifted = read.contextual && year !== doc.referenceYear;
  if (!own) return explicit(read.period, `period "${m.text}" from paragraph ${found.index}`, read, AHEAD.test(m.text));
  return {
    periodText: m.text,
    period: shifted ? read.period : '',
    note: [
      found.how === 'after' ? `period "${m.text}" is written after the number` : '',
      shifted ? `"${m.text}" here is of ${year}, the year of its section` : '',
    ]
      .filter(Boolean)
      .join('; '),
    read,
    span: m.span ? m : undefined,
    ahead: AHEAD.test(m.text),
  };
}

/** Months a text reports of its year: `1—9月`, `前三季度`, `上半年`, `截至10月底`, `9月份`, `前5个月`. */
const MONTHS_REPORTED: ReadonlyArray<[RegExp, (m: RegExpExecArray) => number]> = [
  [/(?:^|[^\d])1?\s*[—–\-~至到]\s*(\d{1,2})月/g, (m) => Number(m[1])],
  [/前三季度/g, () => 9],
  [/上半年/g, () => 6],
  [/(?:第一|一)季度/g, () => 3],
  [/前(\d{1,2})个月/g, (m) => Number(m[1])],
  [/(?<![\d—–\-~])(\d{1,2})月(?:份|底|末)/g, (m) => Number(m[1])],
];

/**
 * The year so far (今年以来) as `YYYY-01/YYYY-MM`: to the last month of the year the text reports (1—9月, 前三季度), at
 * most the month it came out in; where it reports none, to the month before it came out, where that is known.
 * Undefined where neither is known, or the year so far is less than a month.
 */
function yearSoFar(doc: SourceDocument, year: number): { period: string; how: string } | undefined {
  // came out before the year: nothing of it so far
  if (doc.publishedKnown && doc.published < `${year}`) return undefined;
  const cameInYear = doc.publishedKnown && doc.published.startsWith(`${year}-`);
  const came = cameInYear ? Number(doc.published.slice(5, 7)) : 12;
  const text = doc.paragraphs.slice(1).join('\n');
  const reported = MONTHS_REPORTED.flatMap(([re, month]) => [...text.matchAll(re)].map((m) => month(m))).filter(
    (n) => n >= 2 && n <= came,
  );
  const month = reported.length ? Math.max(...reported) : cameInYear ? came - 1 : 0;
  if (month < 2) return undefined;
  const how = reported.length ? 'the last month the text reports' : 'the month before it came out';
  return { period: `${year}-01/${year}-${String(month).padStart(2, '0')}`, how };
}

/**
 * A period the rules do not read, as ISO: a range of years (`2018—2022年`), the last years (`近3年`), the years since
 * one (`2023年以来`) or since a plan began (`“十四五”以来`) up to the year under review, a year's first months
 * (`今年前5个月`), a plan's first years (`“十四五”前四年`), else the year.
 */
function unreadPeriod(doc: SourceDocument, text: string, year: number): string {
  const range = /(\d{4})[—–\-~～至到](\d{4})年/.exec(text);
  if (range) return `${range[1]}/${range[2]}`;
  const since = /^(\d{4})年以来$/.exec(text);
  if (since) return `${since[1]}/${Math.max(Number(since[1]), doc.reviewYear)}`;
  // 近3年, 过去5年: the years up to the year under review, that one included
  const last = /^(?:近|最近|过去)(\d{1,2})年$/.exec(text);
  if (last) return `${year - Number(last[1]) + 1}/${year}`;
  // 今后五年: this year and the four after it
  const ahead = /^今后([一二三四五六七八九十两])年$/.exec(text);
  if (ahead) return `${doc.referenceYear}/${doc.referenceYear + CHINESE_DIGITS[ahead[1]!]! - 1}`;
  // the first months of a year (今年前5个月): from January
  const months = /^(今年|去年)?前(\d{1,2})个月$/.exec(text);
  if (months) {
    const y = months[1] === '去年' ? doc.referenceYear - 1 : months[1] === '今年' ? doc.referenceYear : year;
    return `${y}-01/${y}-${months[2]!.padStart(2, '0')}`;
  }
  const plan = /十([一二三四五])五/.exec(text);
  const first = plan ? 2006 + 5 * '一二三四五'.indexOf(plan[1]!) : undefined;
  // the first years of a plan (“十四五”前四年)
  const firstYears = /前([一二三四])年/.exec(text);
  if (first !== undefined && firstYears) return `${first}/${first + '一二三四'.indexOf(firstYears[1]!)}`;
  if (first !== undefined && /以来/.test(text)) return `${first}/${Math.max(first, doc.reviewYear)}`;
  return String(year);
}

/** The period of a section or of the source when the paragraph writes none. */
function fromSection(doc: SourceDocument, index: number): PeriodChoice {
  const section = doc.sections[index];
  if (section?.mention && section.year === undefined) {
    const choice = fromMention(doc, { mention: section.mention, index: section.heading, how: 'lead-in' });
    return {
      ...choice,
      note: `no period written in the paragraph: ${choice.period} from the heading of paragraph ${section.heading}`,
    };
  }
  if (section?.year !== undefined)
    return explicit(
      String(section.year),
      `no period written in the paragraph: ${section.year} from the heading of paragraph ${section.heading}`,
    );
  if (section?.part === 'targets' && doc.planEnd !== undefined)
    return explicit(
      String(doc.planEnd),
      `no period written in the paragraph: ${doc.planEnd}, the end of the plan (title)`,
    );
  const year = sectionYear(doc, index);
  return explicit(
    String(year),
    `no period written in the paragraph: ${year}, the year of the source (title, paragraph 1)`,
  );
}

/**
 * A stock over a whole year under review is counted at the year's end (`2022-12-31`), unless the paragraph writes
 * the year; a year still to come (a target), or not over when the text was published, stays a year. A stock over
 * several years under review is counted at the end of the last (its average change per year is of them all).
 */
function atYearEnd(doc: SourceDocument, choice: PeriodChoice, annual: boolean): PeriodChoice {
  // a stock over several years under review (“十四五”时期…城镇化率提高到63.1%) is of their end, written or not
  const years = lastReviewedYear(doc, choice);
  if (years && !annual && `${years}-12-31` <= doc.published) {
    const note = noted(choice, `a stock over ${choice.read!.period}: counted at the end of ${years}`);
    return explicit(`${years}-12-31`, note, undefined, choice.ahead);
  }
  const year = choice.read && /^\d{4}$/.test(choice.read.period) ? choice.read.period : undefined;
  if (!year || Number(year) > doc.reviewYear || (choice.periodText !== '' && !choice.read!.contextual)) return choice;
  if (`${year}-12-31` > doc.published) return choice; // the year is not over when the text is published (a news story)
  const note = noted(choice, `a stock: counted at the end of ${year}`);
  return explicit(`${year}-12-31`, note, undefined, choice.ahead);
}

/** The last year of a period of several years (`2021/2025`) that is under review, not ahead. */
function lastReviewedYear(doc: SourceDocument, choice: PeriodChoice): string | undefined {
  const last = choice.read && /^\d{4}\/(\d{4})$/.exec(choice.read.period)?.[1];
  return last !== undefined && Number(last) <= doc.reviewYear ? last : undefined;
}

/** A level reached over several years under review (五年来…增加到428.7亿元): of the last of them. */
function ofLastYear(doc: SourceDocument, choice: PeriodChoice): PeriodChoice {
  const years = lastReviewedYear(doc, choice);
  if (!years) return choice;
  const note = noted(choice, `a level reached over ${choice.read!.period}: of ${years}`);
  return explicit(years, note, undefined, choice.ahead);
}

/**
 * An average per year up to a year still to come (`到2030年，…年均增长5.5%以上`): of the years from the reference year
 * to that one, `2026/2030`, not of its last year alone.
 */
function untilYear(doc: SourceDocument, choice: PeriodChoice): PeriodChoice {
  const year = choice.read && /^(\d{4})$/.exec(choice.read.period)?.[1];
  if (!year || !choice.ahead || Number(year) <= doc.referenceYear) return choice;
  const period = `${doc.referenceYear}/${year}`;
  return explicit(period, noted(choice, `an average per year up to ${year}: of the years ${period}`), undefined, true);
}

/**
 * What was added or done up to a month's end (`截至6月底，新增就业1.62万人`) is counted from the start of its year:
 * `2024-01/2024-06`, not the instant the rules read; what its words say was added or done up to December's end
 * (`截至12月底，城镇新增就业3412人`), the whole year `2024` (a change on a stock, `比上年末增加6家`, stays at the instant).
 */
function toMonthEnd(choice: PeriodChoice, added: boolean): PeriodChoice {
  const m = choice.read && /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice.read.period);
  if (!m || (m[2] === '12' && !added)) return choice;
  const period = m[2] === '12' ? m[1]! : m[2] === '01' ? `${m[1]}-01` : `${m[1]}-01/${m[1]}-${m[2]}`;
  const note = noted(choice, `"${choice.periodText}" on what was added or done: counted from the start of the year`);
  return explicit(period, note, undefined, choice.ahead);
}

/**
 * In a news story, a count of things done as of now (`目前建成…工作室34个`), or of no period at all, whose start the
 * text does not say: an open start ending in the reference year (`../2022`), never a calendar year it may not belong
 * to (docs/rules.md). A stock (`现在…有三甲医院1家`) stays of the year.
 */
function openStart(doc: SourceDocument, choice: PeriodChoice): PeriodChoice {
  const year = String(doc.referenceYear);
  const now = choice.periodText === '' || /^(?:截至)?(?:目前|当前|现在)$/.test(choice.periodText);
  if (doc.genre !== 'other' || choice.read?.period !== year || !now) return choice;
  const note = `a count as of ${year} whose start the text does not say: open start ../${year}`;
  return {
    ...choice,
    period: `../${year}`,
    note: noted(choice, note),
    read: parseOrUndefined(`../${year}`),
  };
}

/** The period of the figure at `at`, as period_text and period, with a note saying where it comes from. */
export function periodOf(doc: SourceDocument, mentions: readonly PeriodMention[][], at: Place): PeriodChoice {
  const found = ownMention(doc, mentions[at.index]!, at) ?? leadInMention(doc, mentions, at.index);
  const choice = found ? fromMention(doc, found, at.stock || at.level || at.held) : fromSection(doc, at.index);
  const open = at.done ? openStart(doc, choice) : choice;
  if (open !== choice) return open;
  const until = at.annual ? untilYear(doc, choice) : choice;
  if (until !== choice) return until;
  if (at.stock) return atYearEnd(doc, choice, at.annual);
  if (at.level) return ofLastYear(doc, choice);
  return at.flow ? toMonthEnd(choice, at.added === true) : choice;
}
