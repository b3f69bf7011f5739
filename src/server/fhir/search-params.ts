/**
 * FHIR search parameters (R4 "Search" page): the query string is read once into a `SearchQuery` that refuses a
 * parameter the resource type does not support and a malformed value, each with a 400 naming the parameter.
 * Supported value forms: token `[system|]code` (comma = OR), reference `[Type/]id`, string (starts-with,
 * case-insensitive), date with prefixes eq/lt/le/gt/ge at year, month, day or instant precision (UTC).
 */
import { BadRequestError } from '../errors/http-errors.js';

/** Parameters every type accepts: paging and the format a client may ask for (JSON is all we serve). */
export const COMMON_PARAMS = ['_count', '_after', '_format', '_pretty'] as const;
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 500;

export type DatePrefix = 'eq' | 'lt' | 'le' | 'gt' | 'ge';
export interface DateBound {
  readonly prefix: DatePrefix;
  /** The value's precision as a half-open range [start, end). */
  readonly start: Date;
  readonly end: Date;
}

export interface Token {
  readonly system: string | undefined;
  readonly code: string;
}

const bad = (param: string, message: string) =>
  new BadRequestError(`Search parameter ${param}: ${message}`, [{ field: param, message }]);

export class SearchQuery {
  private readonly values = new Map<string, string[]>();
  readonly count: number;
  readonly after: string | undefined;

  constructor(
    readonly resourceType: string,
    query: Record<string, unknown>,
    supported: readonly string[],
  ) {
    for (const [key, raw] of Object.entries(query)) {
      const name = key.split(':')[0] ?? key;
      if (key.includes(':') && name !== '_include') throw bad(key, 'modifiers are not supported');
      if (!supported.includes(name) && !(COMMON_PARAMS as readonly string[]).includes(name)) {
        throw bad(key, `is not a supported search parameter for ${resourceType} (supported: ${supported.join(', ')})`);
      }
      const list = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (list.some((v) => v.trim() === '')) throw bad(key, 'has an empty value');
      this.values.set(name, list);
    }
    const format = this.one('_format');
    if (format !== undefined && !['json', 'application/json', 'application/fhir+json'].includes(format))
      throw bad('_format', 'only json is served');
    const count = this.one('_count');
    if (count === undefined) this.count = DEFAULT_COUNT;
    else if (!/^\d+$/.test(count) || Number(count) < 1) throw bad('_count', 'must be a positive integer');
    else this.count = Math.min(Number(count), MAX_COUNT);
    const after = this.one('_after');
    if (after !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(after)) throw bad('_after', 'is not a resource id');
    this.after = after;
  }

  /** Every value of a parameter (repeated parameters are ANDed, commas inside one are ORed). */
  all(name: string): readonly string[] | undefined {
    return this.values.get(name);
  }

  one(name: string): string | undefined {
    const list = this.values.get(name);
    if (list && list.length > 1) throw bad(name, 'may be given only once');
    return list?.[0];
  }

  /** The query without paging, in a stable order, for self and next links. */
  criteria(): Array<[string, string]> {
    return [...this.values.entries()]
      .filter(([k]) => k !== '_after' && k !== '_count' && k !== '_format' && k !== '_pretty')
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]));
  }

  /** Alternatives of a string parameter (one value, comma-separated). */
  strings(name: string): string[] | undefined {
    const v = this.one(name);
    return v === undefined
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }

  tokens(name: string): Token[] | undefined {
    const v = this.one(name);
    if (v === undefined) return undefined;
    return v.split(',').map((part) => {
      const bar = part.indexOf('|');
      const token =
        bar < 0
          ? { system: undefined, code: part }
          : { system: part.slice(0, bar) || undefined, code: part.slice(bar + 1) };
      if (token.code === '') throw bad(name, 'needs a code after the |');
      return token;
    });
  }

  /** Ids referenced by a reference parameter (`Patient/123`, `123`, or an absolute URL ending so). */
  references(name: string, type: string): string[] | undefined {
    const v = this.one(name);
    if (v === undefined) return undefined;
    return v.split(',').map((part) => {
      const segments = part.trim().split('/');
      const id = segments.at(-1) ?? '';
      const referencedType = segments.length > 1 ? segments.at(-2) : type;
      if (referencedType !== type || !/^[A-Za-z0-9\-.]{1,64}$/.test(id))
        throw bad(name, `must reference a ${type} ([${type}/]id)`);
      return id;
    });
  }

  ids(): string[] | undefined {
    const v = this.one('_id');
    if (v === undefined) return undefined;
    const ids = v.split(',').map((s) => s.trim());
    if (ids.some((id) => !/^[A-Za-z0-9\-.]{1,64}$/.test(id))) throw bad('_id', 'must be resource ids');
    return ids;
  }

  dates(name: string): DateBound[] | undefined {
    const list = this.all(name);
    return list?.map((v) => parseDateParam(name, v));
  }
}

export function parseDateParam(name: string, raw: string): DateBound {
  const m =
    /^(eq|lt|le|gt|ge)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(
      raw,
    );
  if (!m) throw bad(name, `"${raw}" is not a date: use [eq|lt|le|gt|ge]YYYY[-MM[-DD[Thh:mm[:ss][Z|±hh:mm]]]]`);
  const prefix = (m[1] ?? 'eq') as DatePrefix;
  const [year, month, day, hour, second] = [m[2], m[3], m[4], m[5], m[7]].map((x) =>
    x === undefined ? undefined : Number(x),
  );
  if ((month !== undefined && (month < 1 || month > 12)) || (day !== undefined && (day < 1 || day > 31)))
    throw bad(name, `"${raw}" is not a valid date`);
  if (hour !== undefined) {
    if (m[8] === undefined) throw bad(name, `"${raw}" needs a time zone (Z or ±hh:mm) when it has a time`);
    const start = new Date(raw.slice(m[1]?.length ?? 0));
    if (Number.isNaN(start.getTime())) throw bad(name, `"${raw}" is not a valid date-time`);
    const step = second !== undefined ? 1000 : 60_000;
    const base = second !== undefined ? Math.floor(start.getTime() / 1000) * 1000 : start.getTime();
    return { prefix, start: new Date(base), end: new Date(base + step) };
  }
  const y = year!;
  if (month === undefined) return { prefix, start: new Date(Date.UTC(y, 0, 1)), end: new Date(Date.UTC(y + 1, 0, 1)) };
  if (day === undefined)
    return { prefix, start: new Date(Date.UTC(y, month - 1, 1)), end: new Date(Date.UTC(y, month, 1)) };
  return { prefix, start: new Date(Date.UTC(y, month - 1, day)), end: new Date(Date.UTC(y, month - 1, day + 1)) };
}

/** Whether an instant (or, for a date, the start of its day in UTC) satisfies every bound. */
export function matchesDates(at: Date, bounds: readonly DateBound[] | undefined): boolean {
  if (!bounds) return true;
  const t = at.getTime();
  return bounds.every((b) => {
    switch (b.prefix) {
      case 'eq':
        return t >= b.start.getTime() && t < b.end.getTime();
      case 'lt':
        return t < b.start.getTime();
      case 'le':
        return t < b.end.getTime();
      case 'gt':
        return t >= b.end.getTime();
      case 'ge':
        return t >= b.start.getTime();
    }
    return false;
  });
}

export function matchesTokens(
  codings: ReadonlyArray<{ system?: string | undefined; code?: string | undefined }>,
  tokens: readonly Token[] | undefined,
): boolean {
  if (!tokens) return true;
  return tokens.some((t) =>
    codings.some((c) => c.code === t.code && (t.system === undefined || c.system === t.system)),
  );
}
