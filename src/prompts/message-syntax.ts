/**
 * The catalogue's message syntax for prompts that carry values, a small subset of ICU
 * MessageFormat: literal text, `{name, number}` (a whole number in words), `{name, digits}` (a
 * string read digit by digit), `{name, plural, one {...} other {...}}` (with `#` for the number
 * and `=N` for exact values) and `{name, select, key {...} other {...}}`. Each language writes its
 * own message, with its own word order; code never joins strings.
 */
export type MessageNode =
  | { readonly kind: 'text'; readonly text: string; readonly unit?: string }
  | { readonly kind: 'number'; readonly arg: string }
  | { readonly kind: 'digits'; readonly arg: string }
  | { readonly kind: 'plural'; readonly arg: string; readonly branches: ReadonlyMap<string, readonly MessageNode[]> }
  | { readonly kind: 'select'; readonly arg: string; readonly branches: ReadonlyMap<string, readonly MessageNode[]> };

export type ArgumentKind = 'number' | 'digits' | 'text';

/** A message text that does not parse; `offset` is where in the text it went wrong. */
export class MessageSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'MessageSyntaxError';
  }
}

/** Whether a prompt text is a message with values (plain texts have no `{`). */
export function isMessageText(text: string): boolean {
  return text.includes('{');
}

/**
 * Parses a message. Each speakable text fragment gets an audio unit name, `<id>--<n>` in the
 * order written, so every fragment is rendered (or recorded) as a file of its own.
 */
export function parseMessage(id: string, text: string): MessageNode[] {
  const parser = new Parser(text);
  const nodes = parser.sequence(undefined);
  if (parser.position < text.length)
    throw new MessageSyntaxError(`unexpected "${text[parser.position]}"`, parser.position);
  let count = 0;
  const name = (nodes: readonly MessageNode[]): MessageNode[] =>
    nodes.map((node) => {
      if (node.kind === 'text') return isSpeakable(node.text) ? { ...node, unit: `${id}--${++count}` } : node;
      if (node.kind === 'plural' || node.kind === 'select') {
        return { ...node, branches: new Map([...node.branches].map(([key, branch]) => [key, name(branch)])) };
      }
      return node;
    });
  return name(nodes);
}

/** Every argument a message reads, with how it reads it. */
export function messageArguments(
  nodes: readonly MessageNode[],
  into = new Map<string, ArgumentKind>(),
): Map<string, ArgumentKind> {
  for (const node of nodes) {
    if (node.kind === 'text') continue;
    const kind: ArgumentKind = node.kind === 'digits' ? 'digits' : node.kind === 'select' ? 'text' : 'number';
    if (!into.has(node.arg) || kind === 'number') into.set(node.arg, kind);
    if (node.kind === 'plural' || node.kind === 'select')
      for (const branch of node.branches.values()) messageArguments(branch, into);
  }
  return into;
}

/** Every text fragment that has audio of its own. */
export function messageUnits(nodes: readonly MessageNode[]): { unit: string; text: string }[] {
  return nodes.flatMap((node) => {
    if (node.kind === 'text') return node.unit ? [{ unit: node.unit, text: node.text.trim() }] : [];
    if (node.kind === 'plural' || node.kind === 'select') return [...node.branches.values()].flatMap(messageUnits);
    return [];
  });
}

/** Text worth speaking: a fragment of only spaces and punctuation ("." after a number) has no audio. */
export function isSpeakable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

class Parser {
  position = 0;

  constructor(private readonly text: string) {}

  /** Text and placeholders up to the end, or up to the `}` closing a branch. */
  sequence(pluralArg: string | undefined): MessageNode[] {
    const nodes: MessageNode[] = [];
    let literal = '';
    const flush = () => {
      if (literal !== '') nodes.push({ kind: 'text', text: literal });
      literal = '';
    };
    while (this.position < this.text.length) {
      const char = this.text.charAt(this.position);
      if (char === '}') break;
      if (char === '{') {
        flush();
        nodes.push(this.placeholder());
      } else if (char === '#' && pluralArg !== undefined) {
        flush();
        nodes.push({ kind: 'number', arg: pluralArg });
        this.position++;
      } else {
        literal += char;
        this.position++;
      }
    }
    flush();
    return nodes;
  }

  private placeholder(): MessageNode {
    const start = this.position;
    this.expect('{');
    const arg = this.word('an argument name, such as {attempts, number}');
    if (!this.accept(','))
      throw new MessageSyntaxError(
        `{${arg}} needs a type: {${arg}, number}, {${arg}, digits}, {${arg}, plural, ...} or {${arg}, select, ...}`,
        start,
      );
    const type = this.word('a type: number, digits, plural or select');
    if (type === 'number' || type === 'digits') {
      this.expect('}');
      return { kind: type, arg };
    }
    if (type !== 'plural' && type !== 'select')
      throw new MessageSyntaxError(
        `unknown type "${type}" in {${arg}, ...}; use number, digits, plural or select`,
        start,
      );
    this.expect(',');
    const branches = new Map<string, MessageNode[]>();
    this.skipSpaces();
    while (this.text[this.position] !== '}') {
      if (this.position >= this.text.length)
        throw new MessageSyntaxError(`{${arg}, ${type}, ...} is not closed with }`, start);
      const key = this.word(
        type === 'plural' ? 'a plural category (zero, one, two, few, many, other) or =N' : 'a value or other',
        /[=A-Za-z0-9_-]/,
      );
      if (type === 'plural' && !/^(=\d+|zero|one|two|few|many|other)$/.test(key))
        throw new MessageSyntaxError(
          `"${key}" is not a plural category; use zero, one, two, few, many, other or =N`,
          this.position,
        );
      this.skipSpaces();
      this.expect('{');
      branches.set(key, this.sequence(type === 'plural' ? arg : undefined));
      this.expect('}');
      this.skipSpaces();
    }
    this.expect('}');
    if (!branches.has('other'))
      throw new MessageSyntaxError(`{${arg}, ${type}, ...} needs an "other {...}" branch`, start);
    return { kind: type, arg, branches };
  }

  private word(what: string, allowed = /[A-Za-z0-9_]/): string {
    this.skipSpaces();
    const start = this.position;
    while (this.position < this.text.length && allowed.test(this.text.charAt(this.position))) this.position++;
    if (this.position === start) throw new MessageSyntaxError(`expected ${what}`, start);
    const word = this.text.slice(start, this.position);
    this.skipSpaces();
    return word;
  }

  private accept(char: string): boolean {
    this.skipSpaces();
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  private expect(char: string): void {
    if (!this.accept(char))
      throw new MessageSyntaxError(
        `expected "${char}"${this.position < this.text.length ? ` before "${this.text.slice(this.position, this.position + 10)}"` : ' at the end'}`,
        this.position,
      );
  }

  private skipSpaces(): void {
    while (this.position < this.text.length && /\s/.test(this.text.charAt(this.position))) this.position++;
  }
}
