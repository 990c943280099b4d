/** A lower-case, dash-separated id from a display name (`Code Guild` -> `code-guild`). */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'guild' : slug;
}
