/**
 * Encodings (issue 4): UTF-8 with or without BOM, CRLF or LF are the same data; GB18030/GBK is transcoded
 * with a warning and publishes exactly what the UTF-8 file publishes; UTF-16, NUL bytes and invalid UTF-8 are
 * refused; nothing is read as mojibake.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { DataError, type Problem } from '../pipeline/core/errors.js';
import { decodeText, plainUtf8 } from '../pipeline/stages/extract/decode.js';
import { cli, copyRaw, FIXTURES, snapshot, tempDir } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');
const FILES = [
  'sources.csv',
  'units.csv',
  'indicators.csv',
  ...readdirSync(path.join(GOOD, 'figures')).map((f) => `figures/${f}`),
];

/** A GBK encoder built from the platform's GBK decoder: every two-byte code, decoded, mapped back. */
const gbk = (() => {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  return (text: string): Buffer => {
    const out: number[] = [];
    for (const ch of text) {
      if (ch.codePointAt(0)! < 0x80) out.push(ch.codePointAt(0)!);
      else if (table.has(ch)) out.push(...table.get(ch)!);
      else throw new Error(`${ch} has no GBK code`);
    }
    return Buffer.from(out);
  };
})();

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A copy of the good base with every file rewritten by `encode`. */
async function rawWith(encode: (text: string, file: string) => Buffer): Promise<string> {
  const raw = await copyRaw(GOOD);
  for (const f of FILES) await writeFile(path.join(raw, f), encode(readFileSync(path.join(GOOD, f), 'utf8'), f));
  return raw;
}

async function publishSnapshot(raw: string): Promise<{ snap: Record<string, string>; err: string }> {
  const dist = path.join(await tempDir('enc-'), 'dist');
  const r = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  return { snap: await snapshot(dist), err: r.err };
}

let reference: Record<string, string>;

beforeAll(async () => {
  reference = (await publishSnapshot(GOOD)).snap;
  expect(Object.keys(reference)).toContain('1.0.0/observations.csv');
});

describe('the same data however it is saved', () => {
  test.each([
    ['UTF-8 with BOM', (t: string) => Buffer.concat([BOM, Buffer.from(t)])],
    ['CRLF', (t: string) => Buffer.from(t.replace(/\n/g, '\r\n'))],
    [
      'UTF-8 with BOM and CRLF (Excel "CSV UTF-8")',
      (t: string) => Buffer.concat([BOM, Buffer.from(t.replace(/\n/g, '\r\n'))]),
    ],
    ['CR only (old Mac)', (t: string) => Buffer.from(t.replace(/\n/g, '\r'))],
    ['mixed CRLF and LF', (t: string) => Buffer.from(t.replace(/\n/g, (_, i: number) => (i % 2 ? '\r\n' : '\n')))],
    ['no newline at the end', (t: string) => Buffer.from(t.replace(/\n$/, ''))],
  ])('%s publishes byte-identical files to the LF original, with no warning', async (_name, encode) => {
    const raw = await rawWith(encode);
    const { snap, err } = await publishSnapshot(raw);
    expect(err).toBe('');
    expect(snap).toEqual(reference);
  });

  test('decodeText: BOM and line ends do not change the text', () => {
    const text = 'a,b\n近19.26亿元,"x\ny"\n';
    const variants = [
      Buffer.from(text),
      Buffer.concat([BOM, Buffer.from(text)]),
      Buffer.from(text.replace(/\n/g, '\r\n')),
      Buffer.concat([BOM, Buffer.from(text.replace(/\n/g, '\r\n'))]),
    ];
    for (const v of variants) expect(decodeText(v, 'x.csv')).toEqual({ text, warnings: [] });
  });

  // a large figures file is parsed from its bytes where they are plain UTF-8 (plainUtf8), without decoding: those
  // bytes must be the very text decodeText makes, and every other file must go through decodeText
  test('plainUtf8: bytes taken (line ends made LF) only where decodeText makes the same text of them without a word', () => {
    const piece = fc.constantFrom('a', ',', '\n', '中', '\r', '\r\n', '\u0000', '\uFEFF', '\uD800', '"');
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc
        .tuple(fc.boolean(), fc.array(piece, { maxLength: 20 }))
        .map(([bom, pieces]) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(pieces.join(''))])),
    );
    let taken = 0;
    fc.assert(
      fc.property(bytes, (b) => {
        const plain = plainUtf8(b);
        if (!plain) return;
        taken++;
        const decoded = decodeText(b, 'x.csv');
        expect(decoded.warnings).toEqual([]);
        expect(plain.equals(Buffer.from(decoded.text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(taken).toBeGreaterThan(500); // plain files are taken as they are, not all sent the long way
    expect(plainUtf8(Buffer.from('a\r\nb\r\rc\r'))?.toString()).toBe('a\nb\n\nc\n'); // CRLF and a lone CR
    expect(plainUtf8(Buffer.from('a\u0000\n'))).toBeUndefined();
    expect(plainUtf8(Buffer.concat([BOM, Buffer.from('中,a\n')]))?.toString()).toBe('中,a\n');
  });
});

describe('GB18030/GBK, as Excel saves CSV on a Chinese-locale Windows', () => {
  test('every file in GBK: transcoded with one warning per file, and the release is byte-identical', async () => {
    const raw = await rawWith((t) => gbk(t));
    const { snap, err } = await publishSnapshot(raw);
    expect(snap).toEqual(reference);
    for (const f of FILES) {
      const firstChinese = readFileSync(path.join(GOOD, f), 'utf8')
        .split('\n')
        .findIndex((l) => /[^\x00-\x7f]/.test(l));
      expect(err).toContain(`${path.join(raw, f)}:${firstChinese + 1}: warning: file is GB18030/GBK, not UTF-8`);
    }
    expect(err).toContain('Re-save it as "CSV UTF-8 (comma delimited)"');
  });

  test('validate reports the warning with code, severity and line, and succeeds', async () => {
    const raw = await copyRaw(GOOD);
    const file = path.join(raw, 'figures', 'health.csv');
    await writeFile(file, gbk(readFileSync(path.join(GOOD, 'figures', 'health.csv'), 'utf8')));
    const r = await cli('validate', '--raw', raw, '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { ok: boolean; errors: number; warnings: number; problems: Problem[] };
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'ENCODING_GB18030', severity: 'warning', file, line: 2 }),
    ]);
    const github = await cli('validate', '--raw', raw, '--format', 'github');
    expect(github.code).toBe(0);
    expect(github.out).toMatch(new RegExp(`^::warning file=${file},line=2,title=ENCODING_GB18030::`));
  });

  test('GBK text decodes to the original characters, never to mojibake', () => {
    const text = readFileSync(path.join(GOOD, 'indicators.csv'), 'utf8');
    const decoded = decodeText(gbk(text), 'indicators.csv');
    expect(decoded.text).toBe(text);
    expect(decoded.warnings.map((w) => w.code)).toEqual(['ENCODING_GB18030']);
  });
});

describe('refused, never read as mojibake', () => {
  const refused = (bytes: Uint8Array) => {
    try {
      decodeText(bytes, 'x.csv');
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      return (err as DataError).code;
    }
    return undefined;
  };

  test.each([
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n近,1\n', 'utf16le')]),
      'ENCODING_UTF16',
    ],
    [
      'UTF-16BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a,b\n', 'utf16le').swap16()]),
      'ENCODING_UTF16',
    ],
    ['UTF-16LE without BOM', Buffer.from('unit_id,label\nperson,人\n', 'utf16le'), 'ENCODING_UTF16'],
    [
      'UTF-16LE without BOM, with 一 (00 4E)',
      Buffer.from('unit_id,label_zh\nperson,一人\nyi,一一\n', 'utf16le'),
      'ENCODING_UTF16',
    ],
    ['a NUL byte', Buffer.from('a,b\n1,\u00002\n'), 'ENCODING_NUL'],
    ['a byte never valid in UTF-8', Buffer.from([...Buffer.from('a,b\n1,'), 0xff, 0x0a]), 'ENCODING_INVALID_UTF8'],
    ['Latin-1 (Windows-1252) text', Buffer.from('a,b\nFédération,café\n', 'latin1'), 'ENCODING_INVALID_UTF8'],
  ])('%s', (_name, bytes, code) => {
    expect(refused(bytes)).toBe(code);
  });

  test('UTF-8 Chinese with one damaged byte anywhere is refused, not transcoded as GB18030', () => {
    const han = fc.constantFrom(...'教育投入新建中小学校压减作业总量门诊患者满意度城镇新增就业今年去年万人亿元');
    const line = fc
      .array(fc.oneof(han, han, fc.constantFrom('a', '1', ',', ' ', '%', '.')), { minLength: 6, maxLength: 40 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 0x80, max: 0xff }),
        (lines, at, byte) => {
          const text = lines.join('\n');
          fc.pre([...text].filter((c) => c.charCodeAt(0) > 0x7f).length >= 6);
          const bytes = Buffer.from(text);
          const i = at % (bytes.length + 1);
          const damaged = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
          // one byte more breaks UTF-8's byte counts; with six or more Chinese characters around it, the file
          // is plainly UTF-8, and reading it as GB18030 would turn them all into mojibake
          expect(() => decodeText(damaged, 'x.csv')).toThrow(DataError);
          try {
            decodeText(damaged, 'x.csv');
          } catch (err) {
            expect((err as DataError).code).toBe('ENCODING_INVALID_UTF8');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('the refusal names the line of the damage and says how to re-save', () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b\n教育,投入\n新建,学校 caf'),
      Buffer.from([0xe9]),
      Buffer.from('d\n'),
    ]);
    try {
      decodeText(bytes, 'x.csv');
      expect.unreachable('decoded a damaged file');
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      expect((err as DataError).problem).toMatchObject({ file: 'x.csv', line: 3 });
      expect((err as DataError).message).toContain('CSV UTF-8');
    }
  });
});
