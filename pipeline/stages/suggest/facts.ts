/**
 * What the rows of one value share: its text as the grammar reads it (with the change word of its list), whether it
 * counts a stock, a flow or things done, its period, its kind, and the base of a change where the text writes it
 * apart from the number.
 */
import { VERBS } from '../normalize/grammar.js';
import { basePeriod, parsePeriodText, resolvePeriod } from '../normalize/periods.js';
import { parseValue, type Kind, type ParsedValue } from '../normalize/values.js';
import { clauseStart, plainWords, sentenceAround } from './context.js';
import type { SourceDocument } from './document.js';
import type { FigureShape, Matcher } from './indicator.js';
import type { PeriodMention } from './periods.js';
import { kindOf } from './kind.js';
import type { Subject } from './subjects.js';
import type { WrittenValue } from './value.js';
import { periodOf, type PeriodChoice } from './when.js';

export interface DraftContext {
  doc: SourceDocument;
  matcher: Matcher;
  measureWords: readonly string[];
  /** The period expressions of each paragraph, by paragraph number. */
  mentions: readonly PeriodMention[][];
}

const STOCK =
  /累计达|总数|总量达|共有|现有|余额|通车里程|运营里程|保有量|参加[^，。；]{0,12}(?:保险|人数)|参保人数|常住人口|户籍人口/;
const PER_RESIDENTS = /每[百千万]名?(?:常住|户籍)?人口/g;
/**
 * Rates of what a place has at an instant, not of what happened in a year: coverage and prevalence, the urban share,
 * so much per so many residents (森林覆盖率, 卫生厕所普及率, 城镇化率, 每千人口床位数). Like a stock, counted at the end of
 * a year under review (when.ts atYearEnd), as a bulletin writes them with 年末.
 */
const STOCK_RATE = /覆盖率|普及率|城镇化率|绿化率|每[百千万]名?(?:常住|户籍)?人口/;
/** A count a place has reached (`高新技术企业达到168家`, `增至142家`): a stock where nothing says it was added. */
const REACHING = '(?:达到?|增加到|增至|提高到|扩大到)';
const REACHED = new RegExp(`${REACHING}$`);
/** The same words at the start of a value (`达到23家`). */
const REACHED_VALUE = new RegExp(`^${REACHING}(?=[\\d.])`);
/** A level a change reached (`由2020年的312.5亿元增加到428.7亿元`, `提高到63.1%`): of the end of the years it took. */
const LEVEL_REACHED = /^(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低|缩小)(?:到|至)/;
const THINGS = /^(?:家|所|个|座|处|张|条|名|平方公里)$/;
const FLOW = /新增|新建|新开|新认定|完成|发放|接待|流入|流出|出生|死亡|实现|累计新|办理|培训|帮扶/;
/** What a period produced: a crop's or a plant's output and its value, livestock slaughtered (出栏). */
const OUTPUT = /产量|产值|出栏/;
/** Words of things done, counted since a start a news story may not say. */
const DONE = /建成|培养|开展|开设|签订|投入|新建|新增|举办|组建|创建|引进|评选|获评|认定|累计|先后/;
const VERB = new RegExp(VERBS.map(([v]) => v).join('|'));

export const shapeOf = (v: ParsedValue | undefined, measureWord: string): FigureShape =>
  v
    ? { measure: v.measure, measureWord: v.measureWord, ...(v.value === '0' ? { zero: true } : {}) }
    : { measure: 'level', measureWord };

export function parsed(text: string, kind: Kind, changeWord: string): { value?: ParsedValue; problem: string } {
  try {
    return { value: parseValue(text, kind, changeWord), problem: '' };
  } catch (err) {
    return { problem: `the grammar does not read "${text}": ${(err as Error).message}` };
  }
}

/** What the rows of one value share: its text, period, kind and what the grammar reads of it. */
export function valueFacts(ctx: DraftContext, index: number, v: WrittenValue, s: Subject) {
  const paragraph = ctx.doc.paragraphs[index]!;
  let valueText = paragraph.slice(s.start, v.end);
  const sentence = sentenceAround(paragraph, v.start);
  const sentenceBefore = paragraph.slice(sentence.start, v.start);
  // a rate per so many residents (每千常住人口…) is no stock of residents
  const words = (s.names.join('') + plainWords(paragraph.slice(clauseStart(paragraph, v.start), v.end))).replace(
    PER_RESIDENTS,
    '',
  );
  const own = s.names.join('') + plainWords(paragraph.slice(clauseStart(paragraph, v.start), v.end));
  // 达到 before the number, in the subject's words or in the value's own (规模以上茶企达到23家)
  const reached =
    REACHED.test(plainWords(paragraph.slice(clauseStart(paragraph, v.start), v.start))) ||
    REACHED_VALUE.test(paragraph.slice(v.start, v.end));
  const stock =
    (STOCK.test(words) || STOCK_RATE.test(own) || (reached && THINGS.test(v.measureWord))) && !FLOW.test(words);
  // an output or its value is of the whole period it was produced in (not 产值超亿元企业196家, a count of enterprises)
  const added = !stock && (FLOW.test(words) || (OUTPUT.test(own) && !THINGS.test(v.measureWord)));
  const flow = added || (!stock && VERB.test(paragraph.slice(s.start, v.end)));
  const after = paragraph.slice(v.end, v.end + 16).split(/[，,；;。：:、（(\d]/)[0]!;
  const count = !/^(?:%|‰|个[百千]分点|\/.*)?$/.test(v.measureWord) && !VERB.test(paragraph.slice(s.start, v.end));
  const done = count && !stock && DONE.test(paragraph.slice(sentenceAround(paragraph, v.start).start, v.start));
  const annual = s.changeWord.startsWith('年均') || /年均/.test(paragraph.slice(s.start, v.end));
  const level = LEVEL_REACHED.test(paragraph.slice(s.start, v.end));
  const held = /^(?:稳定在|保持在)/.test(paragraph.slice(s.start, v.end));
  const at = { index, start: v.start, end: v.end, stock, flow, added, done, annual, level, held };
  const choice = periodOf(ctx.doc, ctx.mentions, at);
  // with the value's own words: 预计增长6%左右 of a year under way is a forecast
  const kind = kindOf(ctx.doc, index, choice, paragraph.slice(sentence.start, v.end));
  // 分别达到52736元、27148元: 达到 is the list's; on actuals (where it means no more than the number) it is left out
  if (s.opensList && kind === 'actual') valueText = valueText.replace(/^达到?(?=[-−负]?\d)/, '');
  const read = parsed(valueText, kind, s.changeWord);
  return {
    valueText,
    sentence,
    sentenceBefore,
    around: { before: sentenceBefore, after, earlier: paragraph.slice(0, sentence.start) },
    choice,
    kind,
    read,
    shape: shapeOf(read.value, v.measureWord),
  };
}

/**
 * The base of a change that the text writes apart from its number: `与2018年相比，…增长5%`, `比2020年全区…增加`
 * (the base's period), `环比增长` (the month before). '' where value_text says it or the default base holds.
 */
export function baseApart(
  ctx: DraftContext,
  index: number,
  s: Subject,
  value: ParsedValue | undefined,
  choice: PeriodChoice,
): string {
  if (!value || value.measure === 'level' || value.base) return '';
  const paragraph = ctx.doc.paragraphs[index]!;
  const from = clauseStart(paragraph, s.start);
  const month = choice.read && /^(\d{4})-(\d{2})$/.exec(choice.read.period);
  if (/环比$/.test(paragraph.slice(from, s.start)) && month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  const base = ctx.mentions[index]!.filter(
    (m) => m.base && m.start >= from && m.end <= s.start && !/^(?:上年|去年)$/.test(m.text),
  ).at(-1);
  if (!base) return '';
  try {
    return parsePeriodText(base.text, ctx.doc.referenceYear).period;
  } catch {
    return '';
  }
}

/** A change whose base the rules cannot tell (over several years, with no base written): say so. */
export function baseNote(value: ParsedValue | undefined, choice: PeriodChoice, basePeriodGiven: string): string {
  if (!value || value.measure === 'level' || basePeriodGiven !== '') return '';
  try {
    const period = resolvePeriod(choice.periodText, choice.period, 2000);
    basePeriod(value.measure, value.base, basePeriodGiven, period);
    return '';
  } catch {
    return 'a change whose base the text does not join to it: fill base_period';
  }
}
