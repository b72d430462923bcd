import { Router, type Request, type Response } from 'express';
import type { Authenticator } from '../accounts/authenticate.js';
import { normalizeEmail, prepareAccount } from '../accounts/create-account.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../accounts/passwords.js';
import { firstProblem, SIGNUP_FIELDS, signupProblems, type SignupField } from '../accounts/signup-input.js';
import type { AppContext } from '../app-context.js';
import { clientIp, stringParam } from '../http/params.js';
import { rateLimit } from '../security/rate-limit.js';
import { DuplicateError } from '../store/types.js';
import { loadInteraction, withInteraction, type PendingInteraction } from './load-interaction.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';
import { completeSignIn } from './sign-in.js';

// Lengths a little above each rule's own limit, so the rule (not the parser) words the refusal.
const FIELDS = { username: 64, email: 320, password: PASSWORD_MAX_LENGTH * 2, confirm_password: PASSWORD_MAX_LENGTH * 2, interaction: 128 };

interface Shown {
  error?: string;
  errors?: Partial<Record<SignupField, string>>;
  values?: { username?: string | undefined; email?: string | undefined };
}

/**
 * GET/POST /signup: create an account, mail a link to verify its address, then continue signed in
 * (or, where a verified address is required, wait for the link: interaction/sign-in.ts).
 */
export function signupRoutes(ctx: AppContext, auth: Authenticator): Router {
  const router = Router();

  function show(req: Request, res: Response, pending: PendingInteraction | undefined, status = 200, shown: Shown = {}) {
    const { error, errors = {}, values = {} } = shown;
    renderPage(
      ctx,
      req,
      res,
      'signup',
      {
        title: 'Create an account',
        pending,
        error,
        errors,
        // The first field to fix gets the focus (autofocus: no script needed, CSP allows none).
        focus: firstProblem(SIGNUP_FIELDS, errors) ?? 'username',
        values,
        minLength: PASSWORD_MIN_LENGTH,
        loginHref: withInteraction('/login', pending),
      },
      status,
    );
  }

  router.get('/signup', async (req, res) => {
    // A signed-in user is told so, not shown a form that would quietly switch accounts.
    if (req.authSession) {
      const { username } = req.authSession.account;
      renderPage(ctx, req, res, 'notice', {
        title: 'You are already signed in',
        lines: [`You are signed in as ${username}. To create another account, sign out first.`],
        link: { href: '/account', label: 'Go to your account' },
        secondLink: { href: '/logout', label: `Sign out of ${username}` },
      });
      return;
    }
    show(req, res, await loadInteraction(ctx, stringParam(req.query, 'interaction', { maxLength: 128 })));
  });

  // Rate limited: sign-up discloses taken usernames and addresses (409), acceptable only if slow to harvest.
  router.post('/signup', rateLimit(ctx, 'signup', ctx.config.rateLimit.loginPerMinute), ctx.csrf.verify(), async (req, res) => {
    const form = readForm(req.body, FIELDS);
    const pending = await loadInteraction(ctx, form.values.interaction);
    const { username, email, password } = form.values;
    const values = { username, email };
    if (form.error) return show(req, res, pending, 400, { error: form.error, values });
    const errors = signupProblems(form.values);
    if (Object.keys(errors).length > 0) {
      return show(req, res, pending, 400, { error: 'Please fix the fields marked below.', errors, values });
    }
    const prepared = await prepareAccount({ username: username!, password: password!, email: normalizeEmail(email!) });
    try {
      // The account and its verification mail commit together: no account without its mail.
      const account = await ctx.store.transaction(async (tx) => {
        const created = await tx.accounts.create(prepared, ctx.clock());
        await ctx.outbox.enqueue(tx, 'verify_email', { accountId: created.id, email: created.email });
        return created;
      });
      ctx.wakeOutbox();
      await auth.forgetUnknown(account.username);
      await ctx.audit({ type: 'signup', accountId: account.id, clientId: pending?.clientId ?? null, ip: clientIp(req) });
      await completeSignIn(ctx, req, res, account, pending);
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
      const taken: Partial<Record<SignupField, string>> =
        err.what === 'email' ? { email: 'An account already uses this e-mail address. Sign in, or reset its password.' } : { username: 'That username is taken' };
      show(req, res, pending, 409, { error: Object.values(taken)[0], errors: taken, values });
    }
  });

  return router;
}
