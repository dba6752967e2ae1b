/**
 * The names of statistics in one spelling, for matching a report's words with a registry's names: reports abbreviate
 * (`规上` for 规模以上, `社零总额` for 社会消费品零售总额), leave out words the registry writes (`城镇居民` for
 * 城镇常住居民, `每千常住人口` for 每千人口) and write function words it does not (`对经济增长的贡献率`). Both sides are
 * spelt the same way before they are compared, so a registry that writes the short form matches as it did.
 */
import { plainWords } from './context.js';

/**
 * Abbreviations of the words of statistics' names, with the words in full. Common to statistical bulletins and
 * work reports, whatever the area: none is of one text.
 */
const ABBREVIATIONS: ReadonlyArray<[RegExp, string]> = [
  // enterprises newly above the size threshold: 新入规, 新入库规上 (entered the statistics' register)
  [/新?入(?:库规上|规)/g, '新增规上'],
  [/规上/g, '规模以上'],
  [/限上/g, '限额以上'],
  [/社零/g, '社会消费品零售'],
  [/固投/g, '固定资产投资'],
  [/R&D|研发/gi, '研究与试验发展'],
  // 低保 is the minimum living allowance (农村低保对象, 城市低保标准)
  [/低保/g, '最低生活保障'],
  // 一产, 二产, 三产 (not 第三产业, 生产, 产品, 产值)
  [/(?<![第生])([一二三])产(?![业品值量])/g, '第$1产业'],
  // 生产总值 of an area is its GDP (not 国内生产总值)
  [/(?<!地区|国内)生产总值/g, '地区生产总值'],
  // 城乡居民收入比, 农村居民收入: the income of residents is their disposable income
  [/居民收入/g, '居民人均可支配收入'],
  // 四好农村路 (the programme's name) are rural roads: 建成“四好农村路”1980公里
  [/(?:四好)?农村路/g, '农村公路'],
  // an area's 经济总量 is its GDP (占全区经济总量的50.0%)
  [/经济总量/g, '地区生产总值'],
  // wages recovered are unpaid wages (追回工资, 追回拖欠工资, 追回欠薪)
  [/追回(?:拖欠)?(?:农民工)?工资/g, '追回欠薪'],
  // the area of grain is the area sown (粮食种植面积, 粮食播种面积)
  [/粮食种植/g, '粮食播种'],
  // 5G is the fifth generation of mobile networks (5G基站, 第五代移动通信基站数)
  [/5G/gi, '第五代移动通信'],
];

/**
 * Words a name may leave out or write: 常住 and 全体 before 居民, 常住 in a rate per so many residents, the particles
 * 的 and 之, a leading word of place or time (`全区`, `年末常住人口`) or of having (`实有床位`); and words written in either
 * order.
 */
const OPTIONAL: ReadonlyArray<[RegExp, string]> = [
  [/(?:常住|全体)居民/g, '居民'],
  [/每([百千万])名?常住人口/g, '每$1人口'],
  [/[的之]/g, ''],
  // both orders are written: 新增城镇就业, 城镇新增就业
  [/新增城镇就业/g, '城镇新增就业'],
  [/^(?:全年|全区|全市|全县|全省|年末|年底)+/, ''],
  // a verb of having before a stock (实有床位, 现有幼儿园)
  [/^(?:实有|现有|共有|拥有)/, ''],
  // 增加 before what was added is 新增 (增加学前学位1200个), not 增加值
  [/^增加(?!值)/, '新增'],
];

/** Words in the one spelling names are compared in: plain (no quotes, no brackets), abbreviations written out. */
export function canonical(words: string): string {
  let text = plainWords(words);
  for (const [re, full] of ABBREVIATIONS) text = text.replace(re, full);
  for (const [re, by] of OPTIONAL) text = text.replace(re, by);
  return text;
}

/**
 * The spellings of one name of the registry: canonical, and where it holds brackets, with their words kept too
 * (`细颗粒物（PM2.5）年均浓度` is also `细颗粒物PM2.5年均浓度`, which `PM2.5年均浓度` mostly is).
 */
export function spellings(name: string): string[] {
  const kept = name.replace(/[（(]([^（）()]*)[）)]/g, '$1');
  return [...new Set([canonical(name), canonical(kept)])].filter((n) => n.length >= 2);
}
