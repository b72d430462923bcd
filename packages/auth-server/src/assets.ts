import { fileURLToPath } from 'node:url';

/**
 * The server's files that are not code (views, stylesheets, scripts), by their path under `src/`
 * (`dist/` once built). Resolved from this module, which sits at that root, rather than from each
 * module that uses them: the production build bundles the modules into a few files at the root of
 * `dist/`, so a module's own location says nothing about where its views are.
 */
export const assetPath = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
