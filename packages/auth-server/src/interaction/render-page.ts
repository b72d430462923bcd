import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';

export interface PageLocals {
  title: string;
  error?: string | null;
  [name: string]: unknown;
}

/**
 * Renders a browser page with what every layout needs: the CSRF token for its forms and the
 * signed-in account for the header. Never cached: pages carry per-user data and form tokens
 * (OWASP Session Management Cheat Sheet, "Web Content Caching").
 */
export function renderPage(ctx: AppContext, req: Request, res: Response, view: string, locals: PageLocals, status = 200): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).render(view, {
    csrfToken: ctx.csrf.token(req, res),
    signedIn: req.authSession?.account ?? null,
    error: null,
    notice: null,
    ...locals,
  });
}
