import type { Request, Response } from 'express';
import type { LinkProblem } from '../accounts/account-links.js';
import type { AppContext } from '../app-context.js';
import { showLinkProblem } from './link-pages.js';

/** A reset link that cannot be used points to a fresh request. */
export const showConfirmLinkProblem = (ctx: AppContext, req: Request, res: Response, problem: LinkProblem): void =>
  showLinkProblem(ctx, req, res, problem, { href: '/forgot-password', label: 'Ask for a new link' });
