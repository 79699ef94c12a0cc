/** Keeps database passwords out of messages: URLs and error texts pass through here before display. */

/** The URL with its password (if any) replaced by `***`; unparsable input is replaced whole. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable database url>';
  }
}

/** `text` with every occurrence of the URL's password (raw and percent-decoded) replaced by `***`. */
export function redactSecret(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text.split(url).join('<database url>');
  }
  if (!password) return text;
  let out = text;
  for (const p of new Set([password, safeDecode(password)])) out = out.split(p).join('***');
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
