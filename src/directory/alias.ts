/** A dialled or configured alias, reduced to what matching compares. */
export interface AliasKey {
  /** User part, lower case (the whole alias when it has no `@`). */
  readonly user: string;
  /** Domain, lower case, without port; undefined when the alias has none. */
  readonly domain?: string;
}

/**
 * Reduces `sip:Meet.Alice@Example.com:5060;transport=tcp?x=y` to `{user: 'meet.alice', domain:
 * 'example.com'}`: the scheme, URI parameters, headers, port and letter case do not matter.
 */
export function parseAlias(raw: string): AliasKey {
  let text = raw.trim();
  text = /<([^>]*)>/.exec(text)?.[1] ?? text;
  text = text.replace(/^(sips?|tel):/i, '').replace(/\?.*$/s, '');
  const at = text.lastIndexOf('@');
  const withoutParams = (part: string) => part.replace(/;.*$/s, '');
  const userPart = withoutParams(at >= 0 ? text.slice(0, at) : text);
  const domainPart = at >= 0 ? withoutParams(text.slice(at + 1)) : '';
  const user = safeDecode(userPart).toLowerCase();
  const domain = domainPart.replace(/:\d+$/, '').toLowerCase();
  return domain ? { user, domain } : { user };
}

export function formatAlias(key: AliasKey): string {
  return key.domain ? `${key.user}@${key.domain}` : key.user;
}

/** An alias configured with a domain matches only that domain; one without matches any domain. */
export function aliasMatches(configured: AliasKey, dialled: AliasKey): boolean {
  if (configured.user !== dialled.user) return false;
  return configured.domain === undefined || configured.domain === dialled.domain;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
