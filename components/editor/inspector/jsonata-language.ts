/**
 * JSONata highlighting for CodeMirror as a stream tokenizer (no maintained JSONata mode exists on npm).
 * Two flavours: a raw expression, and text whose `{{ … }}` templates hold expressions (outside them the
 * text is left plain). Token names are CodeMirror's legacy names, mapped to highlight tags by StreamLanguage.
 */
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';

interface State {
  /** Inside a `/* … *\/` comment that continues on the next line. */
  inComment: boolean;
  /** Template flavour: inside `{{ … }}`; `depth` counts the object braces opened there. */
  inTemplate: boolean;
  depth: number;
}

const KEYWORDS = new Set(['and', 'or', 'in', 'function']);
const ATOMS = new Set(['true', 'false', 'null']);
const OPERATORS = /^(:=|!=|<=|>=|~>|\.\.|\?:|\?\?|[-+*/%&=<>!?:^#@|~])/;

function quoted(stream: StringStream, quote: string): void {
  let escaped = false;
  let next = stream.next();
  while (next !== undefined) {
    if (next === quote && !escaped) return;
    escaped = !escaped && next === '\\';
    next = stream.next();
  }
}

/** One JSONata token; null for white space. */
function expressionToken(stream: StringStream, state: State): string | null {
  if (state.inComment) {
    state.inComment = !stream.skipTo('*/');
    if (state.inComment) stream.skipToEnd();
    else stream.match('*/');
    return 'comment';
  }
  if (stream.eatSpace()) return null;
  if (stream.match('/*')) {
    state.inComment = true;
    return expressionToken(stream, state) ?? 'comment';
  }
  const ch = stream.peek() ?? '';
  if (ch === '"' || ch === "'") {
    stream.next();
    quoted(stream, ch);
    return 'string';
  }
  if (ch === '`') {
    stream.next();
    quoted(stream, '`');
    return 'propertyName';
  }
  if (stream.match(/^-?\d+(\.\d+)?([eE][-+]?\d+)?/)) return 'number';
  if (stream.match(/^\$\$?[A-Za-z_\w]*/)) return stream.peek() === '(' ? 'variableName.function' : 'variableName.special';
  if (stream.match(/^[A-Za-z_][\w]*/)) {
    const word = stream.current();
    if (KEYWORDS.has(word)) return 'keyword';
    if (ATOMS.has(word)) return 'atom';
    return 'propertyName';
  }
  if (stream.match(OPERATORS)) return 'operator';
  stream.next();
  if ('()[]{}'.includes(ch)) return 'bracket';
  return 'punctuation';
}

const expressionParser: StreamParser<State> = {
  name: 'jsonata',
  startState: () => ({ inComment: false, inTemplate: true, depth: 0 }),
  copyState: (state) => ({ ...state }),
  token: expressionToken,
  languageData: { commentTokens: { block: { open: '/*', close: '*/' } } },
};

const templateParser: StreamParser<State> = {
  name: 'jsonata-template',
  startState: () => ({ inComment: false, inTemplate: false, depth: 0 }),
  copyState: (state) => ({ ...state }),
  token(stream, state) {
    if (!state.inTemplate) {
      if (stream.match('{{')) {
        state.inTemplate = true;
        state.depth = 0;
        return 'meta';
      }
      if (!stream.skipTo('{{')) stream.skipToEnd();
      return null;
    }
    if (!state.inComment && state.depth === 0 && stream.match('}}')) {
      state.inTemplate = false;
      return 'meta';
    }
    const token = expressionToken(stream, state);
    if (token === 'bracket') {
      const brace = stream.current();
      if (brace === '{') state.depth += 1;
      if (brace === '}') state.depth = Math.max(0, state.depth - 1);
    }
    return token;
  },
};

export const jsonataLanguage = StreamLanguage.define(expressionParser);
export const jsonataTemplateLanguage = StreamLanguage.define(templateParser);
