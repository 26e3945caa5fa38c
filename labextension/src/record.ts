/**
 * The answer-form record that `nmt-course quiz build` writes on every answer
 * cell (`metadata.nmt_course.answer`), and how a typed answer maps onto it.
 *
 * The record holds only what the student already sees: option letters and
 * texts, matching choices, a unit, the course's body-region labels. It never
 * names a question or holds a key.
 */

import { isDict, PyValue } from './literal';

export type AnswerType = 'single' | 'multiple' | 'ordering' | 'matching' | 'numeric' | 'hotspot' | 'written';

export interface IAnswerRecord {
  number: number;
  type: AnswerType;
  variable?: string;
  options?: Array<[string, string]>;
  choices?: Array<[string, string]>;
  unit?: string;
  regions?: Array<[string, string[]]>;
}

const TYPES = new Set(['single', 'multiple', 'ordering', 'matching', 'numeric', 'hotspot', 'written']);

function pairs(v: unknown): v is Array<[string, string]> {
  return Array.isArray(v) && v.every(p => Array.isArray(p) && p.length === 2 && p.every(x => typeof x === 'string'));
}

/** The record from a cell's metadata, or null when it is missing or malformed (then no form is drawn). */
export function readRecord(meta: unknown): IAnswerRecord | null {
  if (typeof meta !== 'object' || meta === null) {
    return null;
  }
  const r = (meta as { answer?: unknown }).answer as Record<string, unknown> | undefined;
  if (typeof r !== 'object' || r === null || !TYPES.has(r.type as string)) {
    return null;
  }
  const type = r.type as AnswerType;
  if (type !== 'written' && (typeof r.variable !== 'string' || !/^q\d{2,3}$/.test(r.variable))) {
    return null;
  }
  if (['single', 'multiple', 'ordering', 'matching'].includes(type) && !(pairs(r.options) && r.options.length > 0)) {
    return null;
  }
  if (type === 'matching' && !(pairs(r.choices) && r.choices.length > 0)) {
    return null;
  }
  if (type === 'hotspot') {
    const ok =
      Array.isArray(r.regions) &&
      r.regions.every(g => Array.isArray(g) && typeof g[0] === 'string' && Array.isArray(g[1]) && g[1].every((l: unknown) => typeof l === 'string'));
    if (!ok) {
      return null;
    }
  }
  return {
    number: typeof r.number === 'number' ? r.number : 0,
    type,
    variable: r.variable as string | undefined,
    options: r.options as Array<[string, string]> | undefined,
    choices: r.choices as Array<[string, string]> | undefined,
    unit: typeof r.unit === 'string' ? r.unit : undefined,
    regions: r.regions as Array<[string, string[]]> | undefined
  };
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
}

/** An option letter from what a student typed: "b", "B)", "(c)", or the option's text. */
export function optionId(options: Array<[string, string]>, v: PyValue): string | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  const m = /^\(?\s*(?:option\s+)?([a-z])\s*[).:]?\s*$/i.exec(v.trim());
  if (m) {
    const id = m[1].toUpperCase();
    return options.some(o => o[0] === id) ? id : undefined;
  }
  return options.find(o => norm(o[1]) === norm(v))?.[0];
}

/** A list of option letters: ["A", "C"], "A, C" or "AC". */
export function optionIds(options: Array<[string, string]>, v: PyValue): string[] | undefined {
  let items: PyValue[];
  if (Array.isArray(v)) {
    items = v;
  } else if (typeof v === 'string') {
    const t = v.trim();
    items = /^[A-Za-z]{2,8}$/.test(t) && [...t].every(c => optionId(options, c)) ? [...t] : t.split(/[,;]\s*|\s+/).filter(Boolean);
  } else {
    return undefined;
  }
  const ids = items.map(i => optionId(options, i));
  return ids.every(i => i !== undefined) ? (ids as string[]) : undefined;
}

/** A matching answer as letter -> choice id. */
export function matchPairs(record: IAnswerRecord, v: PyValue): Map<string, string> | undefined {
  if (!isDict(v)) {
    return undefined;
  }
  const out = new Map<string, string>();
  for (const [k, x] of v.dict) {
    const id = optionId(record.options ?? [], k);
    const text = typeof x === 'number' ? String(x) : typeof x === 'string' ? x.trim().replace(/[.)]$/, '') : undefined;
    const choice = (record.choices ?? []).find(c => c[0] === text || (text !== undefined && norm(c[1]) === norm(text)));
    if (!id || !choice) {
      return undefined;
    }
    out.set(id, choice[0]);
  }
  return out;
}

/** A number from 90, 90.5, "90" or "90 s". */
export function numberValue(v: PyValue): number | undefined {
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'string') {
    const m = /^\s*([-+]?\d+(?:[.,]\d+)?)\s*[a-zA-Z%°]*\.?\s*$/.exec(v);
    return m ? Number(m[1].replace(',', '.')) : undefined;
  }
  return undefined;
}

/** A region label from what was typed (any case). */
export function regionLabel(record: IAnswerRecord, v: PyValue): string | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  for (const [, labels] of record.regions ?? []) {
    const hit = labels.find(l => norm(l) === norm(v));
    if (hit) {
      return hit;
    }
  }
  return undefined;
}
