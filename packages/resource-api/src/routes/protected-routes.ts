import type { RequestHandler, Router } from 'express';
import { getAuth, requireRole } from '@sso/shared';

/** Any valid access token (`auth` = requireAuth) opens /protected; /admin also needs the admin role. */
export function protectedRoutes(router: Router, auth: RequestHandler): void {
  router.get('/protected', auth, (req, res) => {
    const { subject, scopes, roles } = getAuth(req);
    res.json({ message: 'This is for the authorized, token is validated', sub: subject, scopes, roles });
  });
  router.get('/admin', auth, requireRole('admin'), (req, res) => {
    res.json({ message: 'This is for admins only, role is validated', sub: getAuth(req).subject });
  });
}
