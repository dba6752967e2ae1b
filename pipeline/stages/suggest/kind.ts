/**
 * Actual or target, and how final an actual is. A figure of a period over when the source was published is an
 * actual, whatever words surround it (`完成目标任务的145%`, `控制在5.5%以内` in a review, `低于年度控制目标0.3个百分点`);
 * one of a period that starts after it, or written as ahead, is a target (`到2025年`, `未来5年`, `预计到2024年底`); one of a
 * period under way (今年 in
 * a January work report, “十四五”期间 in a plan of 2021) is a target in a section of targets or after a word of one
 * (`力争`, `确保`, `预期目标`) or of a forecast (`预计全年`, `有望突破`), else an actual (`截至目前`). A period written as
 * of a day (`截至9月底`) is an actual, and so is one a review tells in its period's last month (a summary and plan
 * published on 29 December: `全年争取各类教育项目资金3.86亿元` is what was got; `预计全年…左右` is still a forecast).
 * An actual is `estimated` where 预计 stands apart from its number earlier in its sentence (`预计全年实现…`), and
 * `preliminary` in a paragraph that says 初步核算 or where a note names it (`注：…人均地区生产总值为初步核算数`), for
 * figures of the reference year only.
 */
import type { ParsedPeriod } from '../normalize/periods.js';
import type { Kind } from '../normalize/values.js';
import type { SourceDocument } from './document.js';

/** Words that announce a target; not 目标任务 or a comparison with a target (完成…目标, 低于…目标). */
const TARGET_WORDS =
  /力争|确保|争取|力求|预期目标|(?<!完成[^，。；]{0,6}|[低高]于[^，。；]{0,6}|超过[^，。；]{0,6})目标(?!任务)|计划(?!生育)/;
/** Words of a forecast: of a period under way when the source came out, a target (docs/rules.md). */
const FORECAST = /预计|有望|可望/;
const NOW = /^(?:截至)?(?:目前|当前|现在)$/;
const AS_OF = /^(?:截至|截止)/;
const PRELIMINARY = /初步核算|初步统计/;

/** Actual or target, from the figure's period (as read), its sentence up to its value's end and its section. */
export function kindOf(
  doc: SourceDocument,
  index: number,
  period: { read: ParsedPeriod | undefined; periodText: string; ahead: boolean },
  words: string,
): Kind {
  const { read, periodText } = period;
  // 截至9月底: as of a day, what was reached by then; a target is written 到…底
  if (read && (read.end <= doc.published || NOW.test(periodText) || AS_OF.test(periodText))) return 'actual';
  // a review written in the last month of its period (a summary of 19 December) tells it as done, 争取 what it got;
  // what it forecasts (预计全年…左右) is still a forecast
  const review = doc.sections[index]?.part === 'review';
  if (read && review && read.end.slice(0, 7) === doc.published.slice(0, 7) && !FORECAST.test(words)) return 'actual';
  if (read && ((read.start !== null && read.start > doc.published) || period.ahead)) return 'target';
  const targets = doc.sections[index]?.part === 'targets' && doc.genre !== 'bulletin';
  return targets || TARGET_WORDS.test(words) || FORECAST.test(words) ? 'target' : 'actual';
}

/** Whether a name a note lists as preliminary is what the words (a label, a subject) measure. */
const named = (name: string, words: string) =>
  name === '*' || words.startsWith(name) || words.startsWith(`人均${name}`);

/**
 * The status of an actual: `estimated` where 预计 covers it (`estimate`), `preliminary` where its paragraph or a
 * note says so and its period is of the reference year; '' otherwise (预计 joined to the number sets it by itself).
 */
export function statusOf(
  doc: SourceDocument,
  index: number,
  read: ParsedPeriod | undefined,
  estimate: boolean,
  names: readonly string[],
): '' | 'preliminary' | 'estimated' {
  if (estimate) return 'estimated';
  const ofReferenceYear =
    read !== undefined &&
    read.start?.slice(0, 4) === String(doc.referenceYear) &&
    read.end.slice(0, 4) === String(doc.referenceYear);
  if (!ofReferenceYear) return '';
  if (PRELIMINARY.test(doc.paragraphs[index]!)) return 'preliminary';
  const plain = names.map((n) => n.replace(/^(?:全区|全市|全县|全年|年末|全体)+/, ''));
  return doc.preliminary.some((p) => plain.some((n) => named(p, n))) ? 'preliminary' : '';
}
