import type { AdminRoute } from './admin-route.js';
import { apisRoutes } from './apis-routes.js';
import { auditRoutes } from './audit-routes.js';
import { clientsRoutes } from './clients-routes.js';
import { keysRoutes } from './keys-routes.js';
import { outboxRoutes } from './outbox-routes.js';
import { statsRoutes } from './stats-routes.js';
import { userRoutes } from './users-routes.js';

/** Every operation of the admin API: the router mounts these and the OpenAPI document describes them. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [...userRoutes, ...clientsRoutes, ...apisRoutes, ...keysRoutes, ...auditRoutes, ...outboxRoutes, ...statsRoutes];
