/**
 * The spellings in which the `http` step can send a secret, so that redaction can find each of them in
 * an echo: as written, encodeURIComponent, form-urlencoded as URLSearchParams writes it (the `query`
 * field), and wherever it lands in a URL as the WHATWG URL parser writes it (path, query, fragment,
 * userinfo, host). Each comes from the encoder itself, not from a table of escapes.
 */

// Secrets have at least 4 characters; a shorter remnant (a secret cut at `#`) would redact common text.
const MIN_FORM_LENGTH = 4;
const ORIGIN = 'http://h';
// A parameter appended after the secret: URLSearchParams then rewrites the whole query, as the http node does.
const APPENDED = 'x=y';

export function sentForms(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), ...formForms(value), ...urlForms(value), ...hostForms(value)]);
  return [...forms].filter((form) => form.length >= Math.min(MIN_FORM_LENGTH, value.length) && form !== '');
}

/** As `target.searchParams.append(key, value)` writes it, as a value and as a key; `%20` for `+` too. */
function formForms(value: string): string[] {
  const asValue = new URLSearchParams([['k', value]]).toString().slice('k='.length);
  const asKey = new URLSearchParams([[value, '']]).toString().slice(0, -1);
  return [asValue, asKey, asValue.replaceAll('+', '%20')];
}

/** Where the parser puts the secret in a URL written around it: the whole tail, and what goes on the wire. */
function urlForms(value: string): string[] {
  const forms: string[] = [];
  for (const prefix of ['/', '/?', '/?k=', '/#']) {
    const url = parse(`${ORIGIN}${prefix}${value}`);
    if (url === undefined) continue;
    forms.push(url.href.slice(ORIGIN.length + prefix.length));
    // The request line: path and query, never the fragment.
    forms.push(`${url.pathname}${url.search}`.slice(prefix.startsWith('/#') ? 0 : prefix.length));
    url.searchParams.append('x', 'y');
    const rewritten = `${url.pathname}${url.search}`.slice(prefix === '/' ? 1 : prefix.length);
    forms.push(rewritten.replace(new RegExp(`[?&]?${APPENDED}$`), '').replace(/=$/, ''));
  }
  const userinfo = new URL(`${ORIGIN}/`);
  userinfo.username = value;
  userinfo.password = value;
  forms.push(userinfo.username, userinfo.password);
  return forms;
}

/** A secret that is a whole host comes out lower-cased, punycoded or as a normalised IP address. */
function hostForms(value: string): string[] {
  // The explicit port proves the value was the whole host (no path, port or userinfo of its own).
  const url = parse(`http://${value}:1/`);
  if (url === undefined || url.port !== '1' || url.pathname !== '/' || url.username !== '' || url.password !== '') return [];
  return [url.hostname, url.hostname.replace(/^\[|\]$/g, '')];
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
