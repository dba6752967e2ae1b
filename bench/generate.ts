/**
 * Seeded synthetic raw/ for the benchmark: many sources (districts and years), many indicators across the
 * five domains, and every value and period form of docs/rules.md, in the raw model of the series: areas.csv with
 * every area used and its parents, sources with a publication date, package.json with the domains used,
 * dismissed.csv, figures of which some name their own area (area_code) and a few revise a figure of an
 * earlier-published source of the same area (revises). The output is valid: every figure reads, fits its unit
 * and bounds, and each fact (area, indicator, kind, period) is stated once, unless a repeat is deliberate and
 * agrees (same source, another paragraph) or a later source revises it, so `validate` passes and the
 * observation count is known up front.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { loadSchemas } from '../pipeline/core/schemas.js';

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same files. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(xs: ReadonlyArray<readonly [T, number]>): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  }
}

// ------------------------------------------------------------------------------------------ units

type Dimension = 'count' | 'currency' | 'share' | 'rate' | 'duration';
interface UnitDef {
  id: string;
  zh: string;
  en: string;
  dimension: Dimension;
  words: string[];
  note?: string;
}
const UNITS: UnitDef[] = [
  { id: 'person', zh: '人', en: 'persons', dimension: 'count', words: ['人', '名'] },
  { id: 'school', zh: '所', en: 'schools', dimension: 'count', words: ['所'], note: 'schools and kindergartens' },
  { id: 'organization', zh: '个/家', en: 'organizations', dimension: 'count', words: ['个', '家'] },
  { id: 'item', zh: '个', en: 'items', dimension: 'count', words: ['个'] },
  { id: 'course', zh: '门', en: 'courses', dimension: 'count', words: ['门'] },
  {
    id: 'place',
    zh: '个',
    en: 'places',
    dimension: 'count',
    words: ['个'],
    note: 'school, kindergarten or nursery places',
  },
  { id: 'job', zh: '个', en: 'jobs', dimension: 'count', words: ['个'] },
  { id: 'event', zh: '场', en: 'events', dimension: 'count', words: ['场', '场次'], note: 'events, fairs, sessions' },
  { id: 'household', zh: '户', en: 'households', dimension: 'count', words: ['户'] },
  { id: 'bed', zh: '张', en: 'beds', dimension: 'count', words: ['张'] },
  {
    id: 'CNY',
    zh: '元',
    en: 'Chinese yuan (CNY)',
    dimension: 'currency',
    words: ['元'],
    note: 'nominal yuan as written',
  },
  { id: 'percent', zh: '%', en: 'percent', dimension: 'share', words: ['%'], note: '0..100 scale; 1/2 becomes 50' },
  { id: 'minute', zh: '分钟', en: 'minutes', dimension: 'duration', words: ['分钟'] },
  { id: 'day', zh: '天', en: 'days', dimension: 'duration', words: ['天', '日'] },
  { id: 'per_1000_residents', zh: '人/千人', en: 'persons per 1000 residents', dimension: 'rate', words: ['人'] },
  { id: 'per_10000_residents', zh: '人/万人', en: 'persons per 10000 residents', dimension: 'rate', words: ['人'] },
];
const UNIT = new Map(UNITS.map((u) => [u.id, u]));

// ------------------------------------------------------------------------------------ indicators

/** A concept an article reports; indicators are concepts crossed with a group or level. */
interface Concept {
  id: string;
  zh: string;
  en: string;
  unit: string;
  /** Percent with no upper bound (a completion rate such as 145%). */
  unbounded?: boolean;
}
const DOMAINS: Record<string, { prefix: string; concepts: Concept[] }> = {
  education: {
    prefix: 'edu',
    concepts: [
      { id: 'new_schools', zh: '新建中小学校', en: 'New primary and secondary schools built', unit: 'school' },
      { id: 'new_kindergartens', zh: '新增幼儿园', en: 'New kindergartens', unit: 'school' },
      { id: 'new_school_places', zh: '新增学位', en: 'New school places', unit: 'place' },
      { id: 'teachers_trained', zh: '培训骨干教师', en: 'Key teachers trained', unit: 'person' },
      { id: 'education_investment', zh: '教育投入', en: 'Education investment', unit: 'CNY' },
      {
        id: 'preschool_enrollment_rate',
        zh: '学前教育毛入园率',
        en: 'Preschool gross enrollment rate',
        unit: 'percent',
      },
      { id: 'consolidation_rate', zh: '义务教育巩固率', en: 'Compulsory education retention rate', unit: 'percent' },
      { id: 'after_school_coverage', zh: '课后服务覆盖率', en: 'After-school service coverage', unit: 'percent' },
      { id: 'quality_courses', zh: '精品课程', en: 'Quality course programmes', unit: 'course' },
      { id: 'education_groups', zh: '教育集团', en: 'Education groups', unit: 'organization' },
      { id: 'research_topics', zh: '研究课题', en: 'Research topics', unit: 'item' },
    ],
  },
  health: {
    prefix: 'hea',
    concepts: [
      { id: 'hospitals', zh: '医疗机构', en: 'Medical institutions', unit: 'organization' },
      {
        id: 'physicians_per_1000',
        zh: '每千人口执业医师',
        en: 'Licensed physicians per 1000',
        unit: 'per_1000_residents',
      },
      { id: 'nurses_per_1000', zh: '每千人口注册护士', en: 'Registered nurses per 1000', unit: 'per_1000_residents' },
      {
        id: 'gps_per_10000',
        zh: '每万人口全科医生',
        en: 'General practitioners per 10000',
        unit: 'per_10000_residents',
      },
      { id: 'outpatient_satisfaction', zh: '门诊患者满意度', en: 'Outpatient satisfaction', unit: 'percent' },
      { id: 'health_literacy', zh: '居民健康素养水平', en: 'Health literacy level', unit: 'percent' },
      { id: 'hospital_beds', zh: '医疗床位', en: 'Hospital beds', unit: 'bed' },
      { id: 'health_circle', zh: '健康服务圈', en: 'Basic health-service circle', unit: 'minute' },
      { id: 'health_investment', zh: '卫生健康投入', en: 'Health investment', unit: 'CNY' },
      { id: 'key_specialties', zh: '重点专科', en: 'Key specialty departments', unit: 'organization' },
    ],
  },
  care: {
    prefix: 'car',
    concepts: [
      { id: 'elderly_care_institutions', zh: '养老机构', en: 'Elderly care institutions', unit: 'organization' },
      { id: 'care_beds', zh: '养老床位', en: 'Elderly care beds', unit: 'bed' },
      { id: 'signing_rate', zh: '医养签约率', en: 'Medical-care agreement signing rate', unit: 'percent' },
      { id: 'health_management_rate', zh: '老年人健康管理率', en: 'Elderly health management rate', unit: 'percent' },
      { id: 'childcare_places', zh: '托位', en: 'Childcare places', unit: 'place' },
      { id: 'care_subsidies', zh: '养老服务补贴', en: 'Elderly care subsidies', unit: 'CNY' },
      { id: 'care_volunteers', zh: '助老志愿者', en: 'Elderly care volunteers', unit: 'person' },
      { id: 'households_served', zh: '居家养老服务户数', en: 'Households served at home', unit: 'household' },
      { id: 'care_events', zh: '敬老活动', en: 'Elderly care events', unit: 'event' },
    ],
  },
  insurance: {
    prefix: 'ins',
    concepts: [
      { id: 'insured_persons', zh: '参保人数', en: 'Insured persons', unit: 'person' },
      { id: 'enrollment_rate', zh: '参保率', en: 'Insurance enrollment rate', unit: 'percent' },
      { id: 'reimbursement_rate', zh: '住院费用报销比例', en: 'Inpatient reimbursement rate', unit: 'percent' },
      { id: 'beneficiaries', zh: '累计享受待遇人数', en: 'Beneficiaries (cumulative)', unit: 'person' },
      { id: 'fund_expenditure', zh: '基金支出', en: 'Fund expenditure', unit: 'CNY' },
      { id: 'settlement_days', zh: '结算时限', en: 'Settlement time limit', unit: 'day' },
    ],
  },
  employment: {
    prefix: 'emp',
    concepts: [
      { id: 'new_urban_jobs', zh: '城镇新增就业', en: 'New urban jobs', unit: 'person' },
      { id: 'unemployment_rate', zh: '城镇调查失业率', en: 'Surveyed urban unemployment rate', unit: 'percent' },
      { id: 'job_fairs', zh: '招聘会', en: 'Job fairs', unit: 'event' },
      { id: 'job_posts', zh: '提供岗位', en: 'Job posts offered', unit: 'job' },
      { id: 'startup_loans', zh: '创业担保贷款', en: 'Start-up loans issued', unit: 'CNY' },
      { id: 'training_participants', zh: '职业技能培训', en: 'Vocational training participants', unit: 'person' },
      { id: 'target_completion', zh: '目标任务完成率', en: 'Target task completion', unit: 'percent', unbounded: true },
      { id: 'graduate_employment_rate', zh: '高校毕业生就业率', en: 'Graduate employment rate', unit: 'percent' },
    ],
  },
};
/** Groups and levels that turn a concept into distinct indicators. */
const GROUPS: ReadonlyArray<[string, string, string]> = [
  ['', '', ''],
  ['urban', '城镇', 'urban'],
  ['rural', '农村', 'rural'],
  ['women', '女性', 'women'],
  ['youth', '青年', 'youth'],
  ['elderly', '老年人', 'older people'],
  ['disabled', '残疾人', 'people with disabilities'],
  ['migrant', '农民工', 'migrant workers'],
  ['municipal', '市级', 'municipal level'],
  ['district', '区级', 'district level'],
  ['township', '镇街', 'township level'],
  ['village', '村（社区）', 'village and community level'],
  ['public', '公办', 'public'],
  ['private', '民办', 'private'],
  ['new_area', '新区', 'new development area'],
  ['old_town', '老城区', 'old town'],
  ['industrial', '产业园区', 'industrial parks'],
  ['mountain', '山区', 'mountain areas'],
  ['riverside', '沿江', 'riverside'],
  ['border', '边远', 'remote areas'],
];

export interface Indicator {
  id: string;
  domain: string;
  zh: string;
  en: string;
  unit: UnitDef;
  unbounded: boolean;
}

function makeIndicators(count: number): Indicator[] {
  const concepts = Object.entries(DOMAINS).flatMap(([domain, d]) => d.concepts.map((c) => ({ domain, c })));
  const out: Indicator[] = [];
  for (let i = 0; out.length < count; i++) {
    const { domain, c } = concepts[i % concepts.length]!;
    const round = Math.floor(i / concepts.length);
    const [gid, gzh, gen] = GROUPS[round % GROUPS.length]!;
    const series = Math.floor(round / GROUPS.length); // past the groups: numbered sub-indicators
    const id = [c.id, gid, series ? `s${series}` : ''].filter(Boolean).join('_');
    out.push({
      id,
      domain,
      zh: `${gzh}${c.zh}${series ? `（口径${series}）` : ''}`,
      en: `${c.en}${gen ? `, ${gen}` : ''}${series ? ` (series ${series})` : ''}`,
      unit: UNIT.get(c.unit)!,
      unbounded: !!c.unbounded,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ values

/** A qualifier pattern: where it sits and whether it is safe on a kind (达 on a target is gte, fine too). */
export const QUALIFIER_PATTERNS = [
  'plain',
  '达',
  '达到',
  '以上',
  '达…以上',
  '达到…以上',
  '不低于',
  '不少于',
  '以下',
  '以内',
  '不超过',
  '控制在…以内',
  '控制在',
  '超',
  '超过',
  '逾',
  '余',
  '多',
  '近',
  '约',
  '左右',
  '约…左右',
] as const;
type Qualifier = (typeof QUALIFIER_PATTERNS)[number];

export const MULTIPLIER_FORMS = ['', '十', '百', '千', '万', '亿', '万亿'] as const;
type Multiplier = (typeof MULTIPLIER_FORMS)[number];

function qualify(q: Qualifier, number: string, word: string): string {
  switch (q) {
    case 'plain':
      return number + word;
    case '余':
    case '多':
      return number + q + word; // infix: 100余门, 3万余个
    case '以上':
    case '以下':
    case '以内':
    case '左右':
      return number + word + q;
    case '达…以上':
      return `达${number}${word}以上`;
    case '达到…以上':
      return `达到${number}${word}以上`;
    case '控制在…以内':
      return `控制在${number}${word}以内`;
    case '约…左右':
      return `约${number}${word}左右`;
    default:
      return q + number + word;
  }
}

/** A decimal written as text, never through floating point: `digits` integer digits, up to `decimals` places. */
function decimal(rnd: Random, lo: number, hi: number, decimals: number): string {
  const int = rnd.int(lo, hi);
  const places = rnd.int(0, decimals);
  if (places === 0) return String(int);
  let frac = '';
  for (let i = 0; i < places; i++) frac += String(rnd.int(i === places - 1 ? 1 : 0, 9));
  return `${int}.${frac}`;
}

/** Fractions of a whole with an exact decimal percent. */
const EXACT_FRACTIONS = ['1/2', '1/4', '3/4', '1/5', '2/5', '3/5', '4/5', '1/8', '3/8', '1/10', '3/10', '7/10', '9/10'];

export interface ValueForm {
  qualifier: Qualifier;
  multiplier: Multiplier;
  fraction: boolean;
}

/** Which multipliers make sense for a unit (and keep the value within 15 significant digits). */
function multipliersFor(unit: UnitDef): Multiplier[] {
  if (unit.dimension === 'currency') return ['', '千', '万', '亿', '万亿'];
  if (unit.dimension === 'count') return ['', '十', '百', '千', '万'];
  return [''];
}

function randomValueForm(rnd: Random, unit: UnitDef): ValueForm {
  const qualifier = rnd.weighted<Qualifier>(
    QUALIFIER_PATTERNS.map((q) => [q, q === 'plain' ? 30 : q === '达' || q === '以上' ? 6 : 2] as const),
  );
  const fraction = unit.id === 'percent' && rnd.chance(0.05);
  const mults = multipliersFor(unit);
  const multiplier = fraction ? '' : rnd.weighted<Multiplier>(mults.map((m) => [m, m === '' ? 4 : 1] as const));
  return { qualifier, multiplier, fraction };
}

function valueText(rnd: Random, ind: Indicator, form: ValueForm): string {
  const unit = ind.unit;
  const word = rnd.pick(unit.words);
  if (form.fraction) {
    // a fraction of a whole takes no measure word: 1/2, 1/2以上 (it publishes as a percent)
    return qualify(form.qualifier, rnd.pick(EXACT_FRACTIONS), '');
  }
  let number: string;
  switch (unit.dimension) {
    case 'share':
      number = ind.unbounded ? decimal(rnd, 60, 199, 2) : rnd.chance(0.03) ? '100' : decimal(rnd, 1, 99, 2);
      break;
    case 'rate':
      number = decimal(rnd, 1, 60, 2);
      break;
    case 'duration':
      number = String(rnd.pick([5, 10, 15, 20, 30, 45, 60, 90, 120]));
      break;
    case 'currency':
      number =
        form.multiplier === '万亿'
          ? decimal(rnd, 1, 9, 2)
          : form.multiplier === '亿'
            ? decimal(rnd, 1, 999, 2)
            : form.multiplier === '万'
              ? decimal(rnd, 1, 99999, 1)
              : decimal(rnd, 1, 9999, 0);
      break;
    default:
      number =
        form.multiplier === '万'
          ? decimal(rnd, 1, 99, 2)
          : form.multiplier === '千'
            ? decimal(rnd, 1, 99, 1)
            : form.multiplier === ''
              ? String(Math.floor(10 ** (rnd.next() * 5)))
              : String(rnd.int(1, 9)); // 5十, 3百
  }
  return qualify(form.qualifier, number + form.multiplier, word);
}

// ----------------------------------------------------------------------------------------- periods

export const PERIOD_FORMS = [
  'YYYY年',
  '“十三五”期间',
  '今年',
  '目前',
  '截至目前',
  '去年',
  '到YYYY年',
  '自YYYY年M月',
  'N年来',
  '未来N年',
  'explicit',
] as const;
type PeriodForm = (typeof PERIOD_FORMS)[number];

const PLANS: ReadonlyArray<[string, number]> = [
  ['十一五', 2006],
  ['十二五', 2011],
  ['十三五', 2016],
  ['十四五', 2021],
  ['十五五', 2026],
];
const CN_DIGITS = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
const VAGUE = ['现在', '近期', '近年来', '同期', '当年', ''];

interface PeriodPick {
  period_text: string;
  period: string;
  /** The ISO period the rules give, for the observation id. */
  iso: string;
}

const mm = (m: number) => String(m).padStart(2, '0');

function periodOf(rnd: Random, form: PeriodForm, ref: number, kind: 'actual' | 'target'): PeriodPick {
  const pick = (text: string, iso: string, period = ''): PeriodPick => ({ period_text: text, period, iso });
  switch (form) {
    case 'YYYY年': {
      const y = kind === 'actual' ? rnd.int(ref - 12, ref) : rnd.int(ref, ref + 10);
      return pick(`${y}年`, String(y));
    }
    case '“十三五”期间': {
      const usable = PLANS.filter(([, s]) => (kind === 'actual' ? s <= ref : s + 4 >= ref));
      const [name, start] = rnd.pick(usable.length ? usable : PLANS);
      const text = rnd.pick([`“${name}”期间`, `${name}期间`, `“${name}”时期`, `“${name}”`, name]);
      return pick(text, `${start}/${start + 4}`);
    }
    case '今年':
    case '目前':
    case '截至目前':
      return pick(form, String(ref));
    case '去年':
      return pick('去年', String(ref - 1));
    case '到YYYY年': {
      const y = rnd.int(ref, ref + 15);
      return pick(`到${y}年`, String(y));
    }
    case '自YYYY年M月': {
      const y = rnd.int(ref - 12, ref - 1);
      if (rnd.chance(0.25)) return pick(`自${y}年`, `${y}/${ref}`);
      const m = rnd.int(1, 12);
      return pick(`自${y}年${m}月${rnd.chance(0.2) ? '以来' : ''}`, `${y}-${mm(m)}/${ref}`);
    }
    case 'N年来': {
      const n = rnd.int(1, 20);
      const text = n <= 10 && rnd.chance(0.3) ? `${CN_DIGITS[n]}年来` : `${n}年来`;
      return pick(text, `${ref - n}/${ref}`);
    }
    case '未来N年': {
      const n = rnd.int(1, 15);
      const text = n <= 10 && rnd.chance(0.3) ? `未来${CN_DIGITS[n]}年` : `未来${n}年`;
      return pick(text, n === 1 ? String(ref) : `${ref}/${ref + n - 1}`);
    }
    case 'explicit': {
      const text = rnd.pick(VAGUE);
      const y = rnd.int(ref - 15, ref + 5);
      const shape = rnd.int(0, 3);
      let iso: string;
      if (shape === 0) iso = String(y);
      else if (shape === 1) iso = `${y}-${mm(rnd.int(1, 12))}`;
      else if (shape === 2) iso = `${y}/${y + rnd.int(1, 6)}`;
      else {
        const m1 = rnd.int(1, 11);
        iso = rnd.chance(0.5)
          ? `${y}-${mm(m1)}/${y}-${mm(rnd.int(m1 + 1, 12))}`
          : `${y}-${mm(m1)}/${y + rnd.int(1, 4)}`;
      }
      return pick(text, iso, iso);
    }
  }
}

const ACTUAL_FORMS: ReadonlyArray<readonly [PeriodForm, number]> = [
  ['YYYY年', 30],
  ['“十三五”期间', 4],
  ['今年', 8],
  ['目前', 6],
  ['截至目前', 3],
  ['去年', 8],
  ['自YYYY年M月', 10],
  ['N年来', 6],
  ['explicit', 25],
];
const TARGET_FORMS: ReadonlyArray<readonly [PeriodForm, number]> = [
  ['到YYYY年', 35],
  ['未来N年', 20],
  ['“十三五”期间', 5],
  ['YYYY年', 10],
  ['今年', 5],
  ['explicit', 25],
];

// ----------------------------------------------------------------------------------------- sources

const PROVINCES: ReadonlyArray<[string, string, string]> = [
  ['50', '重庆', 'Chongqing'],
  ['51', '四川', 'Sichuan'],
  ['52', '贵州', 'Guizhou'],
  ['53', '云南', 'Yunnan'],
  ['43', '湖南', 'Hunan'],
  ['42', '湖北', 'Hubei'],
  ['44', '广东', 'Guangdong'],
  ['32', '江苏', 'Jiangsu'],
  ['33', '浙江', 'Zhejiang'],
  ['37', '山东', 'Shandong'],
  ['61', '陕西', 'Shaanxi'],
  ['11', '北京', 'Beijing'],
];
const SYLLABLES: ReadonlyArray<[string, string]> = [
  ['巴', 'Ba'],
  ['南', 'nan'],
  ['江', 'jiang'],
  ['北', 'bei'],
  ['渝', 'Yu'],
  ['中', 'zhong'],
  ['沙', 'Sha'],
  ['坪', 'ping'],
  ['九', 'Jiu'],
  ['龙', 'long'],
  ['大', 'Da'],
  ['渡', 'du'],
  ['口', 'kou'],
  ['綦', 'Qi'],
  ['长', 'Chang'],
  ['寿', 'shou'],
  ['永', 'Yong'],
  ['川', 'chuan'],
  ['合', 'He'],
  ['潼', 'tong'],
  ['梁', 'liang'],
  ['平', 'ping'],
];
const TOPICS: ReadonlyArray<[string, string, string]> = [
  ['livelihood', '坚定不移增进民生福祉', 'steadily improving well-being'],
  ['education', '办好人民满意的教育', 'education the people are satisfied with'],
  ['health', '全面推进健康建设', 'advancing health for all'],
  ['employment', '稳就业保民生', 'stabilizing employment'],
  ['care', '老有所养 幼有所育', 'care for the old and the young'],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['彩艳', '敏', '伟', '芳', '娜', '静', '强', '磊', '洋', '勇'];

/** An area of areas.csv: a county (区 or 县) in a prefecture (市) in a province, as GB/T 2260 nests them. */
export interface Area {
  code: string;
  parent: Area | undefined;
  row: Record<string, string>;
  /** For source titles: the county's names. */
  zh: string;
  en: string;
}

/**
 * `count` counties with distinct codes, each under its prefecture and province (created as needed): fewer
 * counties than sources, so one area has sources of several years, which later ones can revise.
 */
function makeAreas(rnd: Random, count: number): { areas: Map<string, Area>; counties: Area[] } {
  const areas = new Map<string, Area>();
  const counties: Area[] = [];
  const area = (code: string, parent: Area | undefined, level: string, zh: string, en: string): Area => {
    const row = { area_code: code, name_zh: zh, name_en: en, level, parent_code: parent?.code ?? '', note: '' };
    const made: Area = { code, parent, row, zh, en };
    areas.set(code, made);
    return made;
  };
  const name = () => {
    const [s1, s2] = [rnd.pick(SYLLABLES), rnd.pick(SYLLABLES)];
    return { zh: `${s1[0]}${s2[0]}`, en: `${s1[1][0]!.toUpperCase()}${s1[1].slice(1)}${s2[1].toLowerCase()}` };
  };
  while (counties.length < count) {
    const [pcode, pzh, pen] = rnd.pick(PROVINCES);
    const province = areas.get(`${pcode}0000`) ?? area(`${pcode}0000`, undefined, 'province', pzh, pen);
    const pref = `${pcode}${mm(rnd.int(1, 30))}00`;
    const prefecture =
      areas.get(pref) ??
      (() => {
        const n = name();
        return area(pref, province, 'prefecture', `${n.zh}市`, `${n.en} City, ${pen}`);
      })();
    const code = `${pref.slice(0, 4)}${mm(rnd.int(1, 40))}`;
    if (areas.has(code)) continue;
    const n = name();
    const district = rnd.chance(0.6);
    const zh = `${n.zh}${district ? '区' : '县'}`;
    const en = `${n.en} ${district ? 'District' : 'County'}, ${pen}`;
    counties.push(area(code, prefecture, 'county', zh, en));
  }
  return { areas, counties };
}

export interface Source {
  id: string;
  ref: number;
  area: Area;
  row: Record<string, string>;
}

/** When a source came out: in its reference year, to the day, the month or only the year. */
function publishedIn(rnd: Random, ref: number): string {
  const month = rnd.int(1, 12);
  const precision = rnd.weighted<'day' | 'month' | 'year'>([
    ['day', 7],
    ['month', 2],
    ['year', 1],
  ]);
  if (precision === 'year') return String(ref);
  if (precision === 'month') return `${ref}-${mm(month)}`;
  return `${ref}-${mm(month)}-${mm(rnd.int(1, 28))}`;
}

function makeSources(rnd: Random, count: number, counties: readonly Area[], seed: number): Source[] {
  const out: Source[] = [];
  for (let k = 0; k < count; k++) {
    const area = rnd.pick(counties);
    const pzh = area.parent!.parent!.zh;
    const name = area.en.split(' ')[0]!;
    const ref = rnd.int(2008, 2030);
    const [tid, tzh, ten] = rnd.pick(TOPICS);
    const id = `${name.toLowerCase()}-${tid}-${ref}-${k + 1}`;
    const authors = Array.from({ length: rnd.int(0, 3) }, () => rnd.pick(SURNAMES) + rnd.pick(GIVEN)).join('|');
    out.push({
      id,
      ref,
      area,
      row: {
        source_id: id,
        title_zh: `${area.zh} ${tzh}`,
        title_en: `${name}: ${ten}`,
        series_zh: rnd.chance(0.5) ? `${pzh}日报·${area.zh}特刊` : '',
        authors,
        published: publishedIn(rnd, ref),
        reference_year: String(ref),
        area_code: area.code,
        sha256: createHash('sha256').update(`bench source ${seed} ${k}`).digest('hex'),
        license: rnd.chance(0.3) ? 'CC BY 4.0' : '',
        url: rnd.chance(0.4) ? `https://news.example.cn/${area.code}/${ref}/${k + 1}.html` : '',
        note: rnd.chance(0.5)
          ? `Synthetic source for the benchmark. The article calls ${ref - 1} 去年 and ${ref} 今年, "as written".`
          : '',
      },
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------- figures

export interface Generated {
  rows: number;
  observations: number;
  sources: number;
  /** Areas in areas.csv: the counties of the sources and figures, and their prefectures and provinces. */
  areas: number;
  indicators: number;
  repeats: number;
  /** Figures that revise a figure of an earlier-published source of the same area. */
  revisions: number;
  /** Figures with an area_code of their own (not their source's). */
  ownArea: number;
  /** How many figures use each form, to show every form is there. */
  forms: { qualifiers: number; multipliers: number; periods: number; fractions: number };
}

/** The columns of a figures file, in the order of its schema. */
const FIGURE_COLUMNS = Object.keys(loadSchemas().raw.figures.properties);

const NOTES = [
  'period from the previous paragraph',
  'the article says 提升到 (raise to), recorded as written',
  'cumulative since the pilot began; "累计" in the text',
  'total over the period, as stated',
  'headline figure, repeated in the body',
];

const DOMAIN_LABELS: Record<string, [string, string]> = {
  education: ['教育', 'Education'],
  health: ['医疗卫生', 'Health care'],
  care: ['养老与托育', 'Elderly and child care'],
  insurance: ['医疗保障', 'Medical insurance'],
  employment: ['就业', 'Employment'],
};

/** The first figures go through every value form and every period form, so each size has them all. */
function forcedForms(): Array<{ form: ValueForm; dim: string }> {
  const forced: Array<{ form: ValueForm; dim: string }> = [];
  for (const q of QUALIFIER_PATTERNS)
    forced.push({ form: { qualifier: q, multiplier: '', fraction: false }, dim: 'count' });
  for (const m of MULTIPLIER_FORMS)
    forced.push({
      form: { qualifier: 'plain', multiplier: m, fraction: false },
      dim: m === '亿' || m === '万亿' ? 'currency' : 'count',
    });
  forced.push({ form: { qualifier: 'plain', multiplier: '', fraction: true }, dim: 'percent' });
  forced.push({ form: { qualifier: '以上', multiplier: '', fraction: true }, dim: 'percent' });
  forced.push({ form: { qualifier: 'plain', multiplier: '', fraction: false }, dim: 'rate' });
  forced.push({ form: { qualifier: 'plain', multiplier: '', fraction: false }, dim: 'duration' });
  return forced;
}

/** A fact a source states in its own area, which a source of a later year in that area may revise. */
interface Stated {
  row: Record<string, string>;
  ind: Indicator;
  iso: string;
  ref: number;
  revised?: boolean;
}

/** The figures being generated, and what the generator keeps track of while it goes. */
class Figures {
  readonly used = new Set<string>();
  readonly perDomain = new Map<string, Record<string, string>[]>(Object.keys(DOMAINS).map((d) => [d, []]));
  readonly usedAreas = new Set<string>();
  readonly formsSeen = { qualifiers: new Set<string>(), multipliers: new Set<string>(), periods: new Set<string>() };
  /** By area code: facts stated by its sources in their own area. */
  readonly stated = new Map<string, Stated[]>();
  fractions = 0;
  repeats = 0;
  revisions = 0;
  ownArea = 0;
  private readonly counters = new Map<string, number>();

  /** `edu-000001`; past 999 999 figures of a domain (a figure id has at most six digits), `edu1-000000` and on. */
  nextId(domain: string): string {
    const n = (this.counters.get(domain) ?? 0) + 1;
    this.counters.set(domain, n);
    const block = Math.floor(n / 1_000_000);
    return `${DOMAINS[domain]!.prefix}${block || ''}-${String(n % 1_000_000).padStart(6, '0')}`;
  }

  add(domain: string, row: Record<string, string>): void {
    this.perDomain.get(domain)!.push(row);
    if (row.area_code) this.usedAreas.add(row.area_code);
  }

  /**
   * A figure that revises a fact an earlier year's source of the same area stated, with a value written
   * anew, the period given explicitly (the two sources call different years 今年); false when there is no
   * such fact.
   */
  revise(rnd: Random, source: Source, paragraph: number): boolean {
    const candidates = (this.stated.get(source.area.code) ?? []).filter((s) => s.ref < source.ref && !s.revised);
    if (candidates.length === 0) return false;
    const earlier = rnd.pick(candidates);
    earlier.revised = true;
    this.revisions++;
    const value = valueText(rnd, earlier.ind, { qualifier: 'plain', multiplier: '', fraction: false });
    this.add(earlier.ind.domain, {
      figure_id: this.nextId(earlier.ind.domain),
      source_id: source.id,
      paragraph: String(paragraph),
      indicator_id: earlier.ind.id,
      kind: earlier.row.kind!,
      period_text: '',
      period: earlier.iso,
      value_text: value,
      area_code: '',
      revises: earlier.row.figure_id!,
      note: `revises ${earlier.row.value_text} of ${earlier.row.source_id}, published in an earlier year`,
    });
    return true;
  }
}

/** Another area for a figure: its source's prefecture, or another county (a neighbour, say). */
function otherArea(rnd: Random, source: Source, counties: readonly Area[]): Area {
  const county = rnd.pick(counties);
  return rnd.chance(0.5) || county === source.area ? source.area.parent! : county;
}

/**
 * Write a valid raw/ folder of `rows` figures under `dir`. The catalogue grows with the data but more slowly
 * (about 4·√rows indicators); sources grow linearly (an article holds about 60 figures), areas a quarter as
 * fast as sources.
 */
/**
 * At most this many counties: the codes makeAreas can name are 12 provinces × 30 prefectures × 40 counties (14 400), and
 * it picks them at random. A county has about four sources up to 720 000 figures, more beyond (ten million figures:
 * about 14 sources a county; China has about 2 800 county-level areas).
 */
const MAX_COUNTIES = 12_000;

export function generateRaw(dir: string, rows: number, seed = 20220701): Generated {
  const rnd = new Random(mulberry32(seed ^ rows));
  const indicators = makeIndicators(Math.max(20, Math.round(4 * Math.sqrt(rows))));
  const sourceCount = Math.max(2, Math.ceil(rows / 60));
  const { areas, counties } = makeAreas(rnd, Math.min(MAX_COUNTIES, Math.max(2, Math.ceil(sourceCount / 4))));
  const sources = makeSources(rnd, sourceCount, counties, seed);
  const byDimension = new Map<string, Indicator[]>();
  for (const ind of indicators) {
    const key = ind.unit.id === 'percent' ? 'percent' : ind.unit.dimension;
    byDimension.set(key, [...(byDimension.get(key) ?? []), ind]);
  }
  const forced = forcedForms();
  const figures = new Figures();
  for (const s of sources) figures.usedAreas.add(s.area.code);
  /** Figures of the current source, for deliberate repeats. */
  let history: Array<{ row: Record<string, string>; domain: string; form: PeriodForm }> = [];
  let historySource = -1;
  const perSource = Math.ceil(rows / sources.length);

  for (let i = 0; i < rows; i++) {
    const sourceIndex = Math.min(sources.length - 1, Math.floor(i / perSource));
    const source = sources[sourceIndex]!;
    const paragraph = 3 + (i % perSource) * 2 + rnd.int(0, 1);
    if (sourceIndex !== historySource) {
      history = [];
      historySource = sourceIndex;
    }

    // A few revisions (at least one as soon as the data allows): a later source corrects an earlier one.
    if (i >= forced.length && (figures.revisions === 0 || rnd.chance(0.005)) && figures.revise(rnd, source, paragraph))
      continue;

    // A deliberate repeat: the same fact again in the same source, agreeing (as articles repeat headlines).
    const earlier = history.length && i >= forced.length && rnd.chance(0.02) ? rnd.pick(history) : undefined;
    if (earlier && earlier.row.paragraph !== String(paragraph)) {
      const row: Record<string, string> = {
        ...earlier.row,
        figure_id: figures.nextId(earlier.domain),
        paragraph: String(paragraph),
      };
      const plainActual =
        row.kind === 'actual' && /^[\d.]+[^\d.]+$/.test(row.value_text!) && !row.value_text!.match(/[余多]/);
      if (plainActual && rnd.chance(0.5)) row.value_text = `达${row.value_text}`; // 达 on an actual is eq
      if (earlier.form === '去年' && rnd.chance(0.5)) row.period_text = `${source.ref - 1}年`;
      if (earlier.form === '今年' && rnd.chance(0.5)) row.period_text = `${source.ref}年`;
      row.note = `same fact as paragraph ${earlier.row.paragraph}`;
      figures.add(earlier.domain, row);
      figures.repeats++;
      continue;
    }

    const force = forced[i];
    const forcedPeriod = i < PERIOD_FORMS.length * 2 ? PERIOD_FORMS[i % PERIOD_FORMS.length] : undefined;
    let placed = false;
    for (let attempt = 0; attempt < 200 && !placed; attempt++) {
      const pool = force ? byDimension.get(force.dim)! : indicators;
      const ind = rnd.pick(pool);
      let kind: 'actual' | 'target' = rnd.chance(0.72) ? 'actual' : 'target';
      let form: PeriodForm;
      if (forcedPeriod && attempt < 100) {
        form = forcedPeriod;
        if (form === '到YYYY年' || form === '未来N年') kind = 'target';
        if (form === '去年' || form === '自YYYY年M月' || form === 'N年来') kind = 'actual';
      } else {
        form = attempt < 150 ? rnd.weighted(kind === 'actual' ? ACTUAL_FORMS : TARGET_FORMS) : 'explicit';
      }
      const p = periodOf(rnd, form, source.ref, kind);
      const own = rnd.chance(0.03) ? otherArea(rnd, source, counties) : undefined;
      const id = `${(own ?? source.area).code}:${ind.id}:${kind}:${p.iso}`;
      if (figures.used.has(id)) continue;
      figures.used.add(id);
      placed = true;
      const vform = force?.form ?? randomValueForm(rnd, ind.unit);
      figures.formsSeen.qualifiers.add(vform.qualifier);
      figures.formsSeen.multipliers.add(vform.multiplier);
      figures.formsSeen.periods.add(form);
      if (vform.fraction) figures.fractions++;
      if (own) figures.ownArea++;
      const row: Record<string, string> = {
        figure_id: figures.nextId(ind.domain),
        source_id: source.id,
        paragraph: String(paragraph),
        indicator_id: ind.id,
        kind,
        period_text: p.period_text,
        period: p.period,
        value_text: valueText(rnd, ind, vform),
        area_code: own?.code ?? '',
        revises: '',
        note: own
          ? `about ${own.row.name_en}, not the source's own area`
          : p.period !== ''
            ? `${p.period_text ? `period written as "${p.period_text}", which no rule reads` : 'no period stated'}; explicit period ${p.period}`
            : rnd.chance(0.3)
              ? rnd.pick(NOTES)
              : '',
      };
      figures.add(ind.domain, row);
      history.push({ row, domain: ind.domain, form });
      if (!own) {
        const list = figures.stated.get(source.area.code) ?? [];
        if (list.length === 0) figures.stated.set(source.area.code, list);
        list.push({ row, ind, iso: p.iso, ref: source.ref });
      }
    }
    if (!placed)
      throw new Error(`generator: no free (area, indicator, kind, period) for figure ${i}; widen the period space`);
  }

  writeRaw(dir, { areas, sources, indicators, figures });
  return {
    rows,
    observations: figures.used.size,
    sources: sources.length,
    areas: withParents(areas, figures.usedAreas).length,
    indicators: indicators.length,
    repeats: figures.repeats,
    revisions: figures.revisions,
    ownArea: figures.ownArea,
    forms: {
      qualifiers: figures.formsSeen.qualifiers.size,
      multipliers: figures.formsSeen.multipliers.size,
      periods: figures.formsSeen.periods.size,
      fractions: figures.fractions,
    },
  };
}

/** The areas `codes` name, and every area they lie in, by code. */
function withParents(areas: Map<string, Area>, codes: Iterable<string>): Area[] {
  const out = new Map<string, Area>();
  for (const code of codes) for (let a = areas.get(code); a && !out.has(a.code); a = a.parent) out.set(a.code, a);
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** raw/package.json: the dataset's metadata and the domains that have indicators. */
function packageJson(domains: string[]): string {
  const pkg = {
    $schema: '../schemas/raw/package.schema.json',
    name: 'bench-synthetic',
    title: 'Synthetic livelihood figures (benchmark)',
    title_zh: '合成民生数据（基准测试）',
    description: 'Figures generated for the benchmark: not real, never to be published as data.',
    description_zh: '为基准测试生成的数据，并非真实数据。',
    keywords: ['benchmark', 'synthetic', '基准测试'],
    license: {
      name: 'CC-BY-4.0',
      path: 'https://creativecommons.org/licenses/by/4.0/',
      title: 'Creative Commons Attribution 4.0',
    },
    publisher: { name: 'The benchmark' },
    domains: domains.map((id) => ({ id, label_zh: DOMAIN_LABELS[id]![0], label_en: DOMAIN_LABELS[id]![1] })),
    page: {
      progress_note: 'Synthetic indicators; an actual of another year says where the area stood.',
      source_note: 'Synthetic sources, one per about 60 figures; no text is kept.',
    },
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

function writeRaw(
  dir: string,
  data: { areas: Map<string, Area>; sources: Source[]; indicators: Indicator[]; figures: Figures },
): void {
  const { areas, sources, indicators, figures } = data;
  mkdirSync(path.join(dir, 'figures'), { recursive: true });
  const write = (file: string, columns: string[], records: Record<string, string>[], excel = false) =>
    writeFileSync(
      path.join(dir, file),
      stringify(records, { header: true, columns, bom: excel, record_delimiter: excel ? 'windows' : 'unix' }),
    );
  write(
    'areas.csv',
    ['area_code', 'name_zh', 'name_en', 'level', 'parent_code', 'note'],
    withParents(areas, figures.usedAreas).map((a) => a.row),
  );
  write(
    'sources.csv',
    [
      'source_id',
      'title_zh',
      'title_en',
      'series_zh',
      'authors',
      'published',
      'reference_year',
      'area_code',
      'sha256',
      'license',
      'url',
      'note',
    ],
    sources.map((s) => s.row),
  );
  // a number of every twentieth source that is not a figure (paragraph 1 holds no figure)
  write(
    'dismissed.csv',
    ['source_id', 'paragraph', 'text', 'reason'],
    sources
      .filter((_, k) => k % 20 === 0)
      .map((s) => ({ source_id: s.id, paragraph: '1', text: '下午4点', reason: 'a time of day, not a statistic' })),
  );
  write(
    'units.csv',
    ['unit_id', 'label_zh', 'label_en', 'dimension', 'measure_words', 'note'],
    UNITS.map((u) => ({
      unit_id: u.id,
      label_zh: u.zh,
      label_en: u.en,
      dimension: u.dimension,
      measure_words: u.words.join('|'),
      note: u.note ?? '',
    })),
  );
  write(
    'indicators.csv',
    ['indicator_id', 'domain', 'label_zh', 'label_en', 'unit_id', 'minimum', 'maximum', 'note'],
    indicators.map((ind) => ({
      indicator_id: ind.id,
      domain: ind.domain,
      label_zh: ind.zh,
      label_en: ind.en,
      unit_id: ind.unit.id,
      minimum: '0',
      maximum: ind.unit.id === 'percent' && !ind.unbounded ? '100' : '',
      note: ind.unbounded ? 'completion of the target task; not bounded by 100' : '',
    })),
  );
  const domains = Object.keys(DOMAINS).filter((d) => indicators.some((ind) => ind.domain === d));
  for (const domain of domains)
    // care.csv as Excel saves it (BOM, CRLF), which extract accepts
    write(path.join('figures', `${domain}.csv`), FIGURE_COLUMNS, figures.perDomain.get(domain)!, domain === 'care');
  writeFileSync(path.join(dir, 'package.json'), packageJson(domains));
}
