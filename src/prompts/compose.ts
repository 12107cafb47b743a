import type { AudioUnit, PromptEntry } from './catalogue-entry.js';
import type { MessageNode } from './message-syntax.js';
import type { PromptRef, PromptValues } from './prompt.js';

/** What composing needs from the catalogue, in the message's own theme and language. */
export interface ComposeSource {
  /** The entry for `id` (number words, digit words, `number.compound`), or undefined. */
  entry(id: string): PromptEntry | undefined;
  /** The playable part for one audio unit of an entry. */
  ref(entry: PromptEntry, unit: AudioUnit): PromptRef;
}

/** The caller hears `refs` in order; `text` is the whole sentence they make. */
export interface Composed {
  readonly text: string;
  readonly refs: readonly PromptRef[];
}

/** A composed prompt could not be said with the values given (a missing or wrong value). */
export class PromptValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptValueError';
  }
}

interface Piece {
  readonly text: string;
  readonly ref?: PromptRef;
}

/** Whole numbers up to this are said in words; larger ones digit by digit. */
const LARGEST_IN_WORDS = 99;

/**
 * Says a composed prompt with `values`: each text fragment is its own audio, numbers are the
 * language's number words (`number.N`; 21-99 through its `number.compound` message), digit
 * strings its digit words (`digit.0`...), plural branches chosen by the language's plural rules.
 */
export function composeMessage(entry: PromptEntry, values: PromptValues, source: ComposeSource): Composed {
  if (!entry.message) throw new PromptValueError(`prompt "${entry.id}" takes no values`);
  const pieces = new Composer(entry, source).nodes(entry.message, values, 0);
  const text = pieces
    .map((piece) => piece.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, refs: pieces.flatMap((piece) => (piece.ref ? [piece.ref] : [])) };
}

/** Plural rules by language: making one is costly (ICU), and every composed prompt needs its language's. */
const pluralRules = new Map<string, Intl.PluralRules>();

function pluralsFor(language: string): Intl.PluralRules {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules;
}

class Composer {
  constructor(
    private readonly entry: PromptEntry,
    private readonly source: ComposeSource,
  ) {}

  nodes(nodes: readonly MessageNode[], values: PromptValues, depth: number): Piece[] {
    return nodes.flatMap((node) => this.node(node, values, depth));
  }

  private node(node: MessageNode, values: PromptValues, depth: number): Piece[] {
    switch (node.kind) {
      case 'text':
        return [{ text: node.text, ...(node.unit && { ref: this.unitRef(this.entry, node.unit) }) }];
      case 'number':
        return this.number(this.numberValue(node.arg, values), depth);
      case 'digits':
        return this.digits(this.digitsValue(node.arg, values));
      case 'plural': {
        const count = this.numberValue(node.arg, values);
        const branch =
          node.branches.get(`=${count}`) ??
          node.branches.get(pluralsFor(this.entry.language).select(count)) ??
          this.other(node);
        return this.nodes(branch, values, depth);
      }
      case 'select': {
        const value = this.value(node.arg, values);
        return this.nodes(node.branches.get(String(value)) ?? this.other(node), values, depth);
      }
    }
  }

  /** The `other` branch, which the message parser requires of every plural and select. */
  private other(node: { readonly arg: string; readonly branches: ReadonlyMap<string, readonly MessageNode[]> }) {
    const other = node.branches.get('other');
    if (!other) throw new PromptValueError(`prompt "${this.entry.id}": {${node.arg}, ...} has no other branch`);
    return other;
  }

  private number(count: number, depth: number): Piece[] {
    const word = this.source.entry(`number.${count}`);
    if (word && !word.message) return [{ text: word.text, ref: this.unitRef(word, word.id) }];
    const compound = this.source.entry('number.compound');
    if (count <= LARGEST_IN_WORDS && count % 10 !== 0 && compound?.message && depth < 2) {
      const inner = new Composer(compound, this.source);
      return inner.nodes(compound.message, { tens: count - (count % 10), units: count % 10 }, depth + 1);
    }
    return this.digits(String(count));
  }

  private digits(digits: string): Piece[] {
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- only ASCII digits are left
    return [...digits.replace(/[^0-9]/g, '')].flatMap((digit, index) => {
      const word = this.source.entry(`digit.${digit}`);
      if (!word)
        throw new PromptValueError(
          `prompt "${this.entry.id}": no digit word digit.${digit} in ${this.entry.theme}/${this.entry.language}`,
        );
      const piece = { text: word.text, ref: this.unitRef(word, word.id) };
      return index === 0 ? [piece] : [{ text: ' ' }, piece];
    });
  }

  private unitRef(entry: PromptEntry, name: string): PromptRef {
    const unit = entry.units.find((candidate) => candidate.name === name);
    if (!unit) throw new PromptValueError(`prompt "${entry.id}" has no audio unit ${name}`);
    return this.source.ref(entry, unit);
  }

  private value(arg: string, values: PromptValues): string | number {
    const value = values[arg];
    if (value === undefined) throw new PromptValueError(`prompt "${this.entry.id}" needs a value for {${arg}}`);
    return value;
  }

  private numberValue(arg: string, values: PromptValues): number {
    const value = this.value(arg, values);
    const count = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(count) || count < 0)
      throw new PromptValueError(
        `prompt "${this.entry.id}": {${arg}} must be a whole number of 0 or more, not ${JSON.stringify(value)}`,
      );
    return count;
  }

  private digitsValue(arg: string, values: PromptValues): string {
    return String(this.value(arg, values));
  }
}
