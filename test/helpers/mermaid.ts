import { JSDOM } from 'jsdom';

/** A diagram as Mermaid's own parser read it. */
export interface ParsedDiagram {
  /** State ids, with the composite each is declared in (null at the top). */
  readonly states: ReadonlyMap<string, { readonly parent: string | null; readonly labels: readonly string[] }>;
  readonly relations: readonly { readonly from: string; readonly to: string; readonly label: string }[];
}

interface DocStatement {
  stmt: string;
  id?: string;
  description?: string;
  doc?: DocStatement[];
  state1?: DocStatement;
  state2?: DocStatement;
}

/** The subset of mermaid's API used here (its own types stop at `parse`). */
interface MermaidApi {
  parse(text: string): Promise<unknown>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: { getRootDocV2(): { doc: DocStatement[] } } }> };
}

let mermaid: Promise<MermaidApi> | undefined;

/** Mermaid needs a DOM (DOMPurify) even to parse: jsdom stands in for the browser. */
function load(): Promise<MermaidApi> {
  mermaid ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    const module = await import('mermaid');
    return module.default as unknown as MermaidApi;
  })();
  return mermaid;
}

/** Parses `text` with Mermaid (throws its parse error) and returns what it read. */
export async function parseMermaid(text: string): Promise<ParsedDiagram> {
  const api = await load();
  await api.parse(text);
  const diagram = await api.mermaidAPI.getDiagramFromText(text);
  const states = new Map<string, { parent: string | null; labels: string[] }>();
  const relations: { from: string; to: string; label: string }[] = [];
  const state = (id: string, parent: string | null) => {
    const known = states.get(id) ?? { parent, labels: [] };
    states.set(id, known);
    return known;
  };
  const walk = (doc: DocStatement[], parent: string | null) => {
    for (const statement of doc) {
      if (statement.stmt === 'relation' && statement.state1?.id && statement.state2?.id) {
        relations.push({
          from: statement.state1.id,
          to: statement.state2.id,
          label: decode(statement.description ?? ''),
        });
        state(statement.state1.id, parent);
        state(statement.state2.id, parent);
      } else if (statement.stmt === 'state' && statement.id) {
        const known = state(statement.id, parent);
        if (statement.description) known.labels.push(decode(statement.description));
        if (statement.doc) walk(statement.doc, statement.id);
      }
    }
  };
  walk(diagram.db.getRootDocV2().doc, null);
  return { states, relations };
}

/** Mermaid keeps `#35;`-style entities as placeholders until it renders. */
function decode(text: string): string {
  return text.replace(/ﬂ°°(\d+)¶ß/g, (_, code: string) => String.fromCharCode(Number(code)));
}
