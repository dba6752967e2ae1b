/**
 * Actual or target: a target where the words before the number in its sentence say so (确保, 力争, 目标,
 * 预计, 到2025年, 未来5年, 将达到 …), where its value is a limit (控制在, 不低于 …), or where its period or
 * its list's lead-in looks ahead or names a goal. Anything else is an actual.
 */
import type { Kind } from '../normalize/values.js';

/**
 * Words that announce a target. 目标任务 is left out (完成目标任务的145% reports an actual), as are 将 as a
 * marker of the object (将X作为) and 计划生育.
 */
const TARGET_WORDS =
  /未来\d+年|(?<![截])(?:到|至)\d{4}年|确保|力争|争取|目标(?!任务)|预计|预期|计划(?!生育)|(?<!模)拟|将(?:要)?(?:达到|达|超过|突破|实现|新增|完成|建成|提升|提高|增加|增长|保持|控制|新建|减少|降低|下降)|控制在|不低于|不少于|不超过/;
/** A lead-in heading that announces goals: `2024年主要目标`, `“十四五”规划`. */
const GOAL_HEADING = /目标|计划|规划|任务/;

export interface KindGuess {
  kind: Kind;
  /** Why the guess may be wrong; '' when it is plain. */
  doubt: string;
}

/**
 * The kind of a figure. `before` and `after` are the words of its sentence before and after its value;
 * `periodAhead` whether its period looks ahead; `leadIn` the text of a lead-in item or heading, if any.
 */
export function kindOf(before: string, value: string, after: string, periodAhead: boolean, leadIn = ''): KindGuess {
  const marker = TARGET_WORDS.exec(before) ?? TARGET_WORDS.exec(value);
  if (marker || periodAhead || GOAL_HEADING.test(leadIn)) return { kind: 'target', doubt: '' };
  const later = TARGET_WORDS.exec(after);
  return {
    kind: 'actual',
    doubt: later ? `"${later[0]}" follows the number in its sentence: check whether it is a target` : '',
  };
}
