import type { Response, Router } from 'express';
import type { AppContext } from '../../app-context.js';
import type { Caller, ServiceContext } from '../service-context.js';
import type { ConfirmPage } from './render.js';

/** The admin on this request, checked against the store by the console guard. */
export interface ConsoleAdmin {
  accountId: string;
  username: string;
}

/** What every console page module receives. */
export interface ConsoleContext {
  /** The running app: store, clock, config, keys, sessions, logout, audit... */
  app: AppContext;
  /** For the admin services (admin/services/*). */
  svc: ServiceContext;
  /** Renders `views/<view>.ejs` inside the console layout (header, nav, CSRF token). */
  render(res: Response, view: string, data?: Record<string, unknown>, status?: number): void;
  /** The confirmation page of a destructive action: what will happen, Cancel, Confirm (POST + CSRF). */
  confirm(res: Response, page: ConfirmPage): void;
  /** The signed-in admin, as the services' caller (audit events name them, `by: console`). */
  caller(res: Response): Caller;
  admin(res: Response): ConsoleAdmin;
}

/** A page module: `export function usersPages(ctx: ConsoleContext): Router`, listed in pages.ts. */
export type ConsolePages = (ctx: ConsoleContext) => Router;
