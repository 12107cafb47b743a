/**
 * Pexip's regular expressions (a Virtual Reception's `match_string` / `replace_string`) against
 * Foyer's. Pexip matches the whole entry, ignores letter case and writes Python syntax (`\1`,
 * `(?P<name>...)`); Foyer's services file matches anywhere in the entry and writes JavaScript
 * (`$1`, `(?<name>...)`). These two functions translate one into the other, so a reception means
 * the same whichever side describes it.
 */

/** Pexip's longest regular expression field. */
export const MAX_PEXIP_REGEX = 250;

/** A reception's rewrite as Foyer runs it: `match` must match, then `replace` rewrites the entry. */
export interface Rewrite {
  readonly match: RegExp;
  readonly replace?: string;
}

/**
 * Reads a Pexip match/replace pair. Undefined when there is no match string (any entry is
 * accepted unchanged; Pexip ignores a replace string then). Throws an Error saying what is wrong.
 */
export function fromPexip(matchString: string | undefined, replaceString: string | undefined): Rewrite | undefined {
  if (matchString === undefined || matchString === '') return undefined;
  if (matchString.length > MAX_PEXIP_REGEX) throw new Error(`longer than ${MAX_PEXIP_REGEX} characters`);
  const source = matchString
    .replace(/^\(\?i\)/, '')
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  let match: RegExp;
  try {
    match = new RegExp(`^(?:${source})$`, 'i');
  } catch (error) {
    throw new Error(`not a regular expression Foyer can run: ${(error as Error).message}`);
  }
  if (replaceString === undefined || replaceString === '') return { match };
  if (replaceString.length > MAX_PEXIP_REGEX) throw new Error(`longer than ${MAX_PEXIP_REGEX} characters`);
  return { match, replace: replacementFromPython(replaceString) };
}

/** Python's `\1`, `\g<1>`, `\g<name>` and `\\` as JavaScript's `$1`, `$<name>` and `\`; a `$` stays literal. */
function replacementFromPython(text: string): string {
  let out = '';
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (char === '$') {
      out += '$$';
      continue;
    }
    if (char !== '\\') {
      out += char;
      continue;
    }
    const rest = text.slice(at + 1);
    const digits = /^\d{1,2}/.exec(rest);
    const named = /^g<(\w+)>/.exec(rest);
    if (digits) {
      out += Number(digits[0]) === 0 ? '$&' : `$${digits[0]}`;
      at += digits[0].length;
    } else if (named) {
      const name = named[1] ?? '';
      out += !/^\d+$/.test(name) ? `$<${name}>` : Number(name) === 0 ? '$&' : `$${name}`;
      at += named[0].length;
    } else if (rest.startsWith('\\')) {
      out += '\\';
      at += 1;
    } else {
      throw new Error(`"\\${rest.slice(0, 1)}" is not a group reference (write \\1 or \\g<name>)`);
    }
  }
  return out;
}

/**
 * Foyer's reception rewrite in Pexip's terms. Foyer's pattern may match part of the entry and
 * rewrite only that part, so the Pexip pattern keeps what comes before and after in groups of its
 * own: `(.*?)(PATTERN)(.*)`, and the replacement puts them back around the rewritten part.
 */
export function toPexip(match: RegExp, replace: string | undefined): { match_string: string; replace_string?: string } {
  const source = match.source.replace(/\(\?<(?![=!])/g, '(?P<').replace(/\\k<(\w+)>/g, '(?P=$1)');
  if (replace === undefined) return { match_string: `.*(?:${source}).*` };
  // Matching the empty string through an added empty branch shows how many groups the pattern has.
  const empty = new RegExp(`(?:${match.source})|`).exec('');
  const groups = (empty?.length ?? 1) - 1;
  const names = new Set(Object.keys(empty?.groups ?? {}));
  // Group 1 is what comes before, group 2 the match, then the pattern's own groups shifted by 2.
  const suffix = groups + 3;
  return {
    match_string: `(.*?)(${source})(.*)`,
    replace_string: `\\g<1>${replacementToPython(replace, groups, names)}\\g<${suffix}>`,
  };
}

/** JavaScript's replacement patterns (`$1`, `$<name>`, `$&`, ...) in Python's syntax, groups shifted by 2. */
function replacementToPython(text: string, groups: number, names: ReadonlySet<string>): string {
  let out = '';
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (char === '\\') {
      out += '\\\\';
      continue;
    }
    if (char !== '$' || at + 1 >= text.length) {
      out += char;
      continue;
    }
    const next = text.charAt(at + 1);
    const two = /^\d\d/.exec(text.slice(at + 1))?.[0];
    const named = /^<(\w+)>/.exec(text.slice(at + 1));
    if (next === '$') {
      out += '$';
      at += 1;
    } else if (next === '&') {
      out += '\\g<2>';
      at += 1;
    } else if (next === '`') {
      out += '\\g<1>';
      at += 1;
    } else if (next === "'") {
      out += `\\g<${groups + 3}>`;
      at += 1;
    } else if (two !== undefined && Number(two) >= 1 && Number(two) <= groups) {
      out += `\\g<${Number(two) + 2}>`;
      at += 2;
    } else if (/\d/.test(next) && Number(next) >= 1 && Number(next) <= groups) {
      out += `\\g<${Number(next) + 2}>`;
      at += 1;
    } else if (named?.[1] !== undefined && names.has(named[1])) {
      out += `\\g<${named[1]}>`;
      at += named[0].length;
    } else {
      out += char;
    }
  }
  return out;
}
