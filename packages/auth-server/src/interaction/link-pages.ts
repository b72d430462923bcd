import type { Request, Response } from 'express';
import { LINK_PROBLEM_TEXT, type LinkProblem } from '../accounts/account-links.js';
import type { AppContext } from '../app-context.js';
import { renderPage } from './render-page.js';

/**
 * A mailed link that cannot be used: a clear page with what to do next, 400 (410 would tell a
 * guesser which tokens once existed). Nothing was changed.
 */
export function showLinkProblem(ctx: AppContext, req: Request, res: Response, problem: LinkProblem, next: { href: string; label: string }): void {
  renderPage(ctx, req, res, 'notice', { title: 'This link cannot be used', error: LINK_PROBLEM_TEXT[problem], link: next }, 400);
}

/** The page behind a mailed link: one button that POSTs the token (mail scanners follow GETs, not forms). */
export function showConfirm(ctx: AppContext, req: Request, res: Response, view: { title: string; lines: string[]; action: string; token: string; label: string }): void {
  renderPage(ctx, req, res, 'notice', { title: view.title, lines: view.lines, confirm: { action: view.action, token: view.token, label: view.label } });
}
