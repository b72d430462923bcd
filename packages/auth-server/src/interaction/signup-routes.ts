import { Router, type Request, type Response } from 'express';
import type { Authenticator } from '../accounts/authenticate.js';
import { AccountInputError, createAccount } from '../accounts/create-account.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../accounts/passwords.js';
import type { AppContext } from '../app-context.js';
import { clientIp, stringParam } from '../http/params.js';
import { rateLimit } from '../security/rate-limit.js';
import { DuplicateError } from '../store/types.js';
import { loadInteraction, withInteraction, type PendingInteraction } from './load-interaction.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';
import { completeSignIn } from './sign-in.js';

// Lengths a little above each rule's own limit, so the rule (not the parser) words the refusal.
const FIELDS = { username: 64, email: 320, password: PASSWORD_MAX_LENGTH * 2, interaction: 128 };

interface Shown {
  error?: string;
  field?: string;
  values?: { username?: string | undefined; email?: string | undefined };
}

/** GET/POST /signup: create an account, then continue as a signed-in user. */
export function signupRoutes(ctx: AppContext, auth: Authenticator): Router {
  const router = Router();

  function show(req: Request, res: Response, pending: PendingInteraction | undefined, status = 200, shown: Shown = {}) {
    const { error, field, values = {} } = shown;
    renderPage(
      ctx,
      req,
      res,
      'signup',
      { title: 'Create an account', pending, error, field, values, minLength: PASSWORD_MIN_LENGTH, loginHref: withInteraction('/login', pending) },
      status,
    );
  }

  router.get('/signup', async (req, res) => {
    show(req, res, await loadInteraction(ctx, stringParam(req.query, 'interaction', { maxLength: 128 })));
  });

  // Rate limited: sign-up discloses taken usernames (409), an acceptable trade-off only if slow to harvest.
  router.post('/signup', rateLimit(ctx, 'signup', ctx.config.rateLimit.loginPerMinute), ctx.csrf.verify(), async (req, res) => {
    const form = readForm(req.body, FIELDS);
    const pending = await loadInteraction(ctx, form.values.interaction);
    const { username, email, password } = form.values;
    const values = { username, email };
    if (form.error || !username || !password) {
      show(req, res, pending, 400, { error: form.error ?? 'Choose a username and a password.', values });
      return;
    }
    try {
      const account = await createAccount(ctx.store, ctx.clock(), { username, password, email });
      await auth.forgetUnknown(account.username);
      await ctx.audit({ type: 'signup', accountId: account.id, clientId: pending?.clientId ?? null, ip: clientIp(req) });
      await completeSignIn(ctx, req, res, account, pending);
    } catch (err) {
      if (err instanceof AccountInputError) {
        show(req, res, pending, 400, { error: err.message, field: err.field, values });
      } else if (err instanceof DuplicateError) {
        show(req, res, pending, 409, { error: 'That username is taken', field: 'username', values });
      } else {
        throw err;
      }
    }
  });

  return router;
}
