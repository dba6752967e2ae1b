/** Dates of publication, which may be known only to the year or the month (sources.csv `published`). */

/** First and last day a date (YYYY, YYYY-MM or YYYY-MM-DD) may stand for. */
export function span(date: string): [string, string] {
  const [y, m, d] = date.split('-');
  if (d) return [date, date];
  if (m) return [`${y}-${m}-01`, `${y}-${m}-31`];
  return [`${y}-01-01`, `${y}-12-31`];
}

/** Whether `a` certainly came before `b` (a source published `a`, or a period ending on `a`). */
export const publishedBefore = (a: string, b: string) => span(a)[1] < span(b)[0];
