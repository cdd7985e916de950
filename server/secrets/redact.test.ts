import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from './redact';

describe('redactText', () => {
  it('finds a secret in every form the http step sends it, in either hex case', () => {
    const secrets = { S: 'my token/(v2)!' };
    for (const echo of ['my+token%2F%28v2%29%21', 'my+token%2f%28v2%29%21', 'my%20token%2F%28v2%29%21', 'my%20token%2F(v2)!', 'my%20token/(v2)!']) {
      expect(redactText(`got ${echo}.`, secrets)).toBe('got [secret:S].');
    }
  });

  it('finds a secret under any mix of HTML references and JSON escapes, and keeps the text around it', () => {
    const secrets = { S: 'a<b>&c"d/é' };
    for (const echo of ['a&lt;b>&amp;c&quot;d/é', 'a&#60;b&gt;&#x26;c&#34;d/&#xE9;', 'a<b>&c\\"d\\/\\u00e9', 'a\\u003cb\\u003e\\u0026c\\"d/é']) {
      expect(redactText(`<p>${echo}</p> & \\n`, secrets)).toBe('<p>[secret:S]</p> & \\n');
    }
  });

  it('finds a secret used as a host in the form the URL parser normalises it to', () => {
    expect(redactText('10.0.0.1 and ::ffff:a00:1', { A: '0x0a000001', B: '[::ffff:a00:1]' })).toBe('[secret:A] and [secret:B]');
  });

  it('replaces a secret that contains another whole, in keys too, and leaves short remnants alone', () => {
    expect(redactValue({ 'k-outer-inner': ['outer-inner', 'inner'] }, { IN: 'inner', OUT: 'outer-inner' })).toEqual({
      'k-[secret:OUT]': ['[secret:OUT]', '[secret:IN]'],
    });
    // Sent as a path, `ab#cdefgh` puts only `ab` on the wire: too short to count as the secret.
    expect(redactText('ab cdefgh ab#cdefgh', { S: 'ab#cdefgh' })).toBe('ab cdefgh [secret:S]');
  });

  it('stays linear on a large text full of escapes', () => {
    const text = `${'&amp;\\n'.repeat(200_000)}tok&#x2D;3f9a`;
    const started = performance.now();
    expect(redactText(text, { T: 'tok-3f9a' }).endsWith('[secret:T]')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
