/** A posted form field as text (urlencoded, extended: false: strings only). */
export const text = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** A checkbox: present means on. */
export const checked = (body: unknown, name: string): boolean => text(body, name) !== '';

/** Whitespace- or line-separated values (URIs one per line, scopes space-separated). */
export const words = (body: unknown, name: string): string[] => text(body, name).split(/\s+/).filter(Boolean);
