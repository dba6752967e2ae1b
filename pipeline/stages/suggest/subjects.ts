/**
 * What each value of a paragraph is of: the words of its subject, as the text writes them before it. A value with
 * no words of its own (`比上年增长5.8%`, `、增长6.3%`, `12月份为5.1%`) is of the figure before it. Subjects listed
 * before 均 share one value, one row each (`小学、初中、特殊教育学校适龄儿童入学率均达到100%`); subjects listed before
 * 分别 take the values after it in turn (`城镇居民和农村居民人均可支配收入分别为45237元和24816元，分别增长4.7%和6.8%`),
 * a shared ending added to each (`城镇居民` + `人均可支配收入`) and `城乡` read as 城镇 and 农村; the later values of
 * such a list take the list's verb as their change_word. A noun of change before a number (`增速为5.2%`) is its
 * change_word too. The parts of a structure ratio (`6.9:40.1:53.0`) are numbered.
 */
import { CHANGE_NOUNS, VERBS } from '../normalize/grammar.js';
import { parseValue } from '../normalize/values.js';
import { clauseStart, plainWords } from './context.js';
import { NOT_A_QUALIFIER, type WrittenValue } from './value.js';

export interface Subject {
  /** The words naming what the value measures: one, or one per subject listed before 均. */
  names: string[];
  /** No words of its own: it is of the value before it. */
  inherits: boolean;
  /** A word of change the paragraph writes apart from the number, or ''. */
  changeWord: string;
  /** Where the value starts (moved past a verb that 年均 before 分别 makes a change_word). */
  start: number;
  /** The part of a structure ratio it is: its place and the number of parts, with the words before the ratio. */
  ratio?: { place: number; count: number };
  /** Several subjects share this one value (均). */
  listed: boolean;
  /** The first value of a list after 分别, whose qualifier (分别达到) is the list's. */
  opensList?: boolean;
  /** One of the values of a list after 分别: its subject is named by the list, never guessed from the sentence. */
  inList?: boolean;
  /** The value (its index) this one is a change of, where 分别 follows the figures it speaks of (…，分别增长18.6%和21.4%). */
  of?: number;
  /** A name complete in itself, made from the subject before (高新技术企业总数 of `新认定高新技术企业16家，总数…`). */
  complete?: boolean;
}

const FILLERS =
  /^(?:全年|全区|全市|全县|全省|年末|年底|其中|另外|同时|共有|现有|拥有|实现|完成|预计|力争|按常住地分|分产业看|按产业分|全体|以及|和|及|与|[一二三四五六七八九十]+是)+/;
/**
 * `为` before a number of people or households (为1.2万名65岁以上老年人免费开展健康体检): the words after it name it, up
 * to the clause's end or a number that is not an age (为1836名劳动者追回工资2475万元).
 */
const FOR_WHOM = /(?:^|[^成作以认])为$/;
const forWhom = (paragraph: string, v: WrittenValue) =>
  plainWords(paragraph.slice(v.end).split(/[，,；;。！？]|\d+(?:\.\d+)?(?=[^\d.岁周])/)[0]!);
/** 达 or 约 where it is no part of a word before it (下达, 签约: value.ts NOT_A_QUALIFIER). */
const qualifier = (word: '达' | '约') => `(?<!${NOT_A_QUALIFIER[word]!.source.replace(/\$$/, '')})${word}`;
/** Words a subject ends with that belong to its value: a copula, 达 or 约 as qualifiers, 可达, 有望. */
const TRAILING = new RegExp(
  `(?:为|是|有|${qualifier('达')}|共|${qualifier('约')}|的|共计|合计|名义|实际|可比|(?<!许)可|将|有望)+$`,
);
/** Words that say how a change is reckoned, not what changed. */
const RECKONING = /扣除价格因素|按(?:可比|不变|现行)?价格?计算|按可比口径/g;
const PERIODS =
  /(?:截至|截止|到|至|自|从|由)?\d{4}年(?:\d{1,2}月)?(?:底|末)?|\d{1,2}(?:[—–-]\d{1,2})?月(?:份|末|底)?|全年|年末|年底|(?:今年|去年|年初)(?:以来)?|上年|目前|一年来|过去一年|过去五年/g;
const PREFIX = /^(?:每[千万百](?:常住)?(?:人口|人)|人均)/;
/** A verb of building or adding that opens a subject (新建、改扩建中小学): the later subjects of its list share it. */
const ADDING = /^(?:新建和?、?改扩建|改扩建|新建|新增|新开工|新认定)/;
/** Endings a list of subjects shares, longest first: `城镇居民和农村居民人均可支配收入`. */
const HEADS = [
  '人均可支配收入',
  '人均消费支出',
  '适龄儿童入学率',
  '毛入学率',
  '毛入园率',
  '入学率',
  '巩固率',
  '覆盖率',
  '参保率',
  '普及率',
  '达标率',
  '增加值',
  '参保人数',
  '人数',
  '比重',
  '占比',
  '收入',
  '支出',
  '率',
];
const NOUNS = CHANGE_NOUNS.map(([n]) => n).join('|');
/** Words that name only a share, a proportion or a contribution: of the subject before them. */
const SHARE_OF_BEFORE = /^(?:所占)?(?:比重|占比|比例)$|^(?:对.{1,12})?贡献率$/;
const VERB_WORDS = VERBS.map(([v]) => v).join('|');
/**
 * Words that only compare the figure before with a base or an average (`增速比一季度`, `高于全市平均水平`): the number
 * after them is of what that figure measures.
 */
const COMPARED = new RegExp(
  `^(?:${NOUNS})?(?:比|较|高于|低于|快于|慢于)(?:全国|全省|全市|上年|去年|同期|[一二三四]季度|前三季度|上半年|平均水平|平均|的)+$`,
);

/** The words that name something: no period, filler or trailing copula. */
export function substance(words: string): string {
  return plainWords(words).replace(PERIODS, '').replace(RECKONING, '').replace(FILLERS, '').replace(TRAILING, '');
}

/** Ordinals that share one noun (`第一、二、三产业`, `一、二产业`), each with it: `第一产业、第二产业、第三产业`. */
const SHARED_ORDINALS = /第?([一二三])((?:(?:、|和|及|与)第?[一二三])+)产业/g;
const ORDINAL_INDUSTRIES = ['第一产业', '第二产业', '第三产业'];

/** The names of subjects listed before 均 or 分别, each with the ending they share. */
function listed(words: string, exact: Exact): string[] {
  const items = words
    .replace(SHARED_ORDINALS, (all: string) => [...all.matchAll(/[一二三]/g)].map((m) => `第${m[0]}产业`).join('、'))
    .split(/、|和|及|与/)
    .map(substance)
    .filter((s) => s.length >= 1);
  if (items.length === 1 && /城乡/.test(items[0]!)) {
    // 城乡低保标准: 城市 or 乡村 where the registry names it so (城市低保标准), else 城镇 and 农村
    const item = items[0]!;
    const either = (words: string[]) =>
      words.map((w) => item.replace('城乡', w)).find((name) => exact(name, name)) ?? item.replace('城乡', words[0]!);
    return [either(['城镇', '城市']), either(['农村', '乡村'])];
  }
  // 三次产业…分别: the primary, secondary and tertiary industries in turn
  if (items.length === 1 && /三次产业/.test(items[0]!))
    return ORDINAL_INDUSTRIES.map((w) => items[0]!.replace('三次产业', w));
  const last = items.at(-1) ?? '';
  return items.map((item, i) => {
    if (i === items.length - 1 || exact(item, item)) return item;
    for (let k = 1; k < last.length - 1; k++) if (exact(item + last.slice(k), item)) return item + last.slice(k);
    if (HEADS.some((h) => item.endsWith(h))) return item; // a whole name already: 规模以上工业增加值、营业收入
    const head = HEADS.find((h) => last.endsWith(h));
    if (head) return item + head;
    return last.length > item.length + 1 ? item + last.slice(item.length) : item;
  });
}

/** The verb a value's text is read with, '' for a level (提高到 included). */
function verbOf(text: string): string {
  try {
    return parseValue(text).changeWord;
  } catch {
    return '';
  }
}

/** Whether `name` holds a whole name of the registry that holds `part` (see indicator.ts namedWhole). */
type Exact = (name: string, part: string) => boolean;

/** Where a list of subjects starts: after the last `，；：。` before `at` (not after 、 or 和, which join the list). */
function listStart(paragraph: string, at: number): number {
  let start = at;
  while (start > 0 && !/[，,；;：:。！？!?]/.test(paragraph[start - 1]!)) start--;
  return start;
}

/** A stock named by one word after a count of what was added (`新增经营主体4.12万户，累计达到38.7万户`): its name. */
function stockOf(own: string, lastName: string): string | undefined {
  if (!/^(?:累计|总数|总量|累计总数)$/.test(own) || !/^(?:新增|新认定|新建|新开)/.test(lastName)) return undefined;
  return lastName.replace(/^(?:新增|新认定|新建|新开)/, '') + (own === '累计' ? '总量' : own);
}

/** A share of a task or plan (完成州下达任务的105.2%, 占年度计划的103.6%): of what the figure before it counts. */
export const COMPLETION = /^(?:完成|占)[^，；。]*?(?:任务|计划|目标)的?$/;

interface List {
  names: string[];
  next: number;
  changeWord: string;
  /** The words of a share of a task the list's values are, each of a figure before 分别 (分别完成年度任务的). */
  task?: string;
  /** Where 分别 names no subjects: the index of the first of the earlier values it speaks of. */
  of?: number;
}

/**
 * How many values a list of subjects without 分别 may give their figures: those joined by 、 and 和 of one measure
 * word (城镇、农村居民收入年均增长5.6%、7.4%); values of several (培训46期、2870人次) are of one subject.
 */
function chainOf(paragraph: string, values: readonly WrittenValue[], i: number): number {
  const k = listLength(paragraph, values, i);
  return values.slice(i, i + k).every((v) => v.measureWord === values[i]!.measureWord) ? k : 1;
}

/** How many values a list opened at value `i` holds: it and those joined to it by 、 and 和. */
function listLength(paragraph: string, values: readonly WrittenValue[], i: number): number {
  let k = 1;
  while (values[i + k] && /^(?:、|和|及|与|以及)$/.test(paragraph.slice(values[i + k - 1]!.end, values[i + k]!.start)))
    k++;
  return k;
}

/** A list after 分别 that names no subjects is of the figures just before it in its sentence, in turn. */
function ofEarlier(
  paragraph: string,
  values: readonly WrittenValue[],
  out: readonly Subject[],
  i: number,
  list: List,
): void {
  const k = listLength(paragraph, values, i);
  const first = i - k;
  if (first < 0 || /[。！？]/.test(paragraph.slice(values[first]!.end, values[i]!.start))) return;
  list.names = out.slice(first, i).map((s) => s.names[0] ?? '');
  list.of = first;
}

/**
 * The subject of each value of `paragraph`, in order. `exact(name)` says whether a name is one of the registry's
 * (label or alias) for an indicator that fits the value: it tells shared endings.
 */
export function subjectsOf(
  paragraph: string,
  values: readonly WrittenValue[],
  exact: (name: string, part: string, value: WrittenValue) => boolean,
): Subject[] {
  const out: Subject[] = [];
  let list: List | undefined;
  let lastNames: string[] = [''];
  let lastList: string[] = [''];
  values.forEach((v, i) => {
    const prev = values[i - 1];
    const gap = prev ? paragraph.slice(prev.end, v.start) : undefined;
    const chained = list ? 1 : chainOf(paragraph, values, i);
    const s = subjectOf(
      paragraph,
      v,
      prev,
      gap,
      list,
      { lastNames, lastList },
      (n, part) => exact(n, part, v),
      chained,
    );
    if (s.list?.of === -1) {
      ofEarlier(paragraph, values, out, i, s.list);
      const { task, of } = s.list;
      // the completions of the figures before are named by both: 生猪出栏 + 完成年度任务
      if (task && of !== undefined && of >= 0) s.list.names = s.list.names.map((n) => n + task);
      if (of !== undefined && of >= 0)
        s.subject = { ...s.subject, names: [s.list.names[0]!], inherits: task === undefined, of };
    } else if (s.continues && list?.of !== undefined && list.of >= 0 && list.task === undefined) {
      s.subject = { ...s.subject, inherits: true, of: list.of + list.next - 1 };
    }
    if (s.list) [list, lastList] = [s.list, s.list.names];
    else if (!s.continues) list = undefined;
    if (gap !== undefined && /^[:：∶]$/.test(gap)) {
      const first = out[i - 1]!;
      first.ratio ??= { place: 0, count: 1 };
      s.subject.ratio = { place: first.ratio.place + 1, count: 0 };
      s.subject.names = first.names;
    }
    out.push(s.subject);
    if (!s.subject.inherits) lastNames = s.subject.names;
  });
  return numberRatios(out);
}

/** Every part of a ratio knows how many parts it has. */
function numberRatios(subjects: Subject[]): Subject[] {
  for (let i = subjects.length - 1, count = 0; i >= 0; i--) {
    const r = subjects[i]!.ratio;
    if (!r) continue;
    count = Math.max(count, r.place + 1);
    r.count = count;
    if (r.place === 0) count = 0;
  }
  return subjects;
}

function subjectOf(
  paragraph: string,
  v: WrittenValue,
  prev: WrittenValue | undefined,
  gap: string | undefined,
  list: List | undefined,
  last: { lastNames: string[]; lastList: string[] },
  exact: Exact,
  chained = 1,
): { subject: Subject; list?: List; continues?: boolean } {
  const lastNames = last.lastNames;
  const base = { changeWord: '', start: v.start, listed: false };
  if (list && gap !== undefined && /^(?:、|和|及|与|以及)$/.test(gap) && list.next < list.names.length) {
    const changeWord = list.changeWord !== '' && verbOf(v.text) === '' ? list.changeWord : '';
    const names = [list.names[list.next++]!];
    return { subject: { ...base, names, inherits: false, changeWord, inList: true }, continues: true };
  }
  const from = clauseStart(paragraph, v.start, prev?.end ?? 0);
  const words = paragraph.slice(from, v.start);
  const listWords = paragraph.slice(Math.max(listStart(paragraph, v.start), prev?.end ?? 0), v.start);
  // a base before 分别 (同比分别增长) is the base of every change of the list, not part of a subject
  // …分别提高到每人每月780元、620元: a verb and a rate per person between 分别 and the first number
  // 年均增速分别为5.6%、7.3%: the noun of change before 分别 is the change_word of every value of the list
  const split = new RegExp(
    `^(.*?)(?:同比|比上年同期|比上年|较上年|比去年)?(年均)?(${NOUNS})?分别(?:[^，；。\\d]{0,4}?每人每[月年])?$`,
  ).exec(substance(listWords));
  if (split) {
    const noun = split[3] && verbOf(v.text) === '' ? (split[2] ?? '') + split[3] : undefined;
    return fenbie(v, split[1]!, split[2] !== undefined, last.lastList, exact, list !== undefined, noun);
  }
  // …分别增长9.5%、7.1%，分别占规上工业增加值的15.2%、28.7%: the shares of the subjects of the list before
  const shares = list && /^分别(占.+)$/.exec(substance(listWords));
  if (shares) return fenbie(v, shares[1]!, false, last.lastList, exact, true);
  // …、羊出栏22.4万只，分别完成年度任务的104%、108.6%和97.5%: the completions of the figures before, in turn
  const tasks = /^分别(.+)$/.exec(substance(listWords));
  if (tasks && COMPLETION.test(tasks[1]!)) return fenbie(v, tasks[1]!, false, last.lastList, exact, false);
  // 城镇、农村居民收入年均增长5.6%、7.4%: as many subjects listed as values joined, without 分别, are theirs in turn
  if (chained > 1 && /[、和]/.test(substance(listWords)) && listed(listWords, exact).length === chained)
    return fenbie(v, listWords, false, last.lastList, exact, list !== undefined);
  if (/[均都](?:为|是)?$/.test(plainWords(words))) {
    const names = listed(listWords.replace(/[均都][^均都]*$/, ''), exact);
    if (names.length > 1) return { subject: { ...base, names, inherits: false, listed: true } };
  }
  const noun = new RegExp(`(${NOUNS}|${VERB_WORDS})了?(?:为|是|达到?)?$`).exec(plainWords(words));
  const changeWord = noun && verbOf(v.text) === '' ? noun[1]! : '';
  const own = substance(changeWord ? plainWords(words).slice(0, noun!.index) : words);
  const whom = own.length < 2 && FOR_WHOM.test(plainWords(words)) ? forWhom(paragraph, v) : '';
  if (/\p{Script=Han}{2}/u.test(whom)) return { subject: { ...base, changeWord, names: [whom], inherits: false } };
  // one thing of a list of parts, named by one character (其中苹果62.4万吨、桃18.3万吨): its own name
  const part =
    paragraph[from - 1] === '、' && /^\p{Script=Han}$/u.test(own) && /^\p{Script=Han}+$/u.test(v.measureWord);
  if ((own.length < 2 && !part) || COMPARED.test(own))
    return { subject: { ...base, changeWord, names: lastNames, inherits: true } };
  const near = prev !== undefined && paragraph.slice(prev.end, v.start).length < 8;
  const stock = near ? stockOf(own, lastNames[0] ?? '') : undefined;
  if (stock) return { subject: { ...base, changeWord, names: [stock], inherits: false, complete: true } };
  // a share of what the figure before it counts: 占常住人口的23.13%; its share, contribution or proportion repeated
  // after it in the sentence: …增长5.4%，比重为46.5%; …增长8.4%，对经济增长的贡献率达到43.6%
  const repeated = prev !== undefined && !/[。；;！？!?]/.test(gap ?? '') && SHARE_OF_BEFORE.test(own);
  if ((near && own.startsWith('占')) || repeated)
    return { subject: { ...base, changeWord, names: [(lastNames[0] ?? '') + own], inherits: false } };
  // what the first of a list writes before it, the later ones share: 每千人口…、…; 改扩建中小学8所和公办幼儿园5所
  const joined = paragraph[from - 1] === '、' || /^(?:和|及|与|以及)/.test(plainWords(words));
  const lead = PREFIX.exec(lastNames[0] ?? '') ?? (ADDING.test(own) ? null : ADDING.exec(lastNames[0] ?? ''));
  const carried = joined && lead?.[0];
  const names = [carried && !PREFIX.test(own) ? carried + own : own];
  return { subject: { ...base, changeWord, names, inherits: false } };
}

/**
 * The first value after 分别: the list of subjects it opens, and its verb for the values that follow. `afterList`: the
 * value before it closes a list, whose subjects a share of them (`占…的比重分别为`) takes in turn.
 */
function fenbie(
  v: WrittenValue,
  words: string,
  annual: boolean,
  lastList: string[],
  exact: Exact,
  afterList: boolean,
  noun?: string,
): { subject: Subject; list: List } {
  // the shares of the subjects of the list just before (…分别增长13.5%、11.2%，占…的比重分别为21.4%、32.7%)
  const shares = afterList && lastList.length > 1 && (words.startsWith('占') || SHARE_OF_BEFORE.test(words));
  const names = shares ? lastList.map((n) => n + words) : words.length >= 2 ? listed(words, exact) : lastList;
  const verb = verbOf(v.text);
  const moved = annual && verb !== '' && v.text.startsWith(verb);
  const changeWord = noun ?? (moved ? `年均${verb}` : verb);
  const subject: Subject = {
    names: [names[0] ?? ''],
    inherits: false,
    changeWord: moved || noun ? changeWord : '',
    start: moved ? v.start + verb.length : v.start,
    listed: false,
    opensList: names.length > 1,
    inList: true,
  };
  // 生猪出栏15.6万头、牛出栏3.8万头，分别完成年度任务的104%和108.6%: each the completion of a figure before
  const task = COMPLETION.test(plainWords(words)) ? { task: plainWords(words), of: -1 } : undefined;
  return { subject, list: { names, next: 1, changeWord, ...(task ?? (words.length >= 2 ? {} : { of: -1 })) } };
}
