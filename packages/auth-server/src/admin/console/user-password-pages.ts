import { Router, type Request, type Response } from 'express';
import { readForm } from '../../interaction/read-form.js';
import { AdminError, InvalidInput } from '../admin-error.js';
import { findUser } from '../services/find-user.js';
import { setPassword } from '../services/user-access.js';
import type { ConsoleContext } from './console-context.js';
import { userPath } from './user-action-pages.js';

/**
 * /admin/users/:id/password: the form states that every session ends, so it is the confirmation.
 * A separate confirmation page would have to carry the password in hidden fields; the password is
 * never rendered back, not even with a validation error.
 */
export function userPasswordPages(ctx: ConsoleContext): Router {
  const router = Router({ mergeParams: true });
  const form = async (res: Response, id: string, status = 200, error: string | null = null) => {
    const user = await findUser(ctx.svc, id);
    ctx.render(res, 'user-password', { title: `Set the password of ${user.username}`, username: user.username, path: userPath(user.id), error }, status);
  };

  router.get('/', (req: Request<{ id: string }>, res) => form(res, req.params.id));
  router.post('/', async (req: Request<{ id: string }>, res) => {
    const { values, error } = readForm(req.body, { password: 1024, confirm: 1024 });
    try {
      if (error) throw new InvalidInput(error);
      if ((values.password ?? '') !== (values.confirm ?? '')) throw new InvalidInput('The two passwords differ.', 'confirm');
      const user = await findUser(ctx.svc, req.params.id);
      const done = await setPassword(ctx.svc, ctx.caller(res), user.id, values.password ?? '');
      ctx.render(res, 'user-password-done', { title: `Password set for ${done.username}`, path: userPath(user.id), ...done });
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      await form(res, req.params.id, err.status, err.message);
    }
  });
  return router;
}
