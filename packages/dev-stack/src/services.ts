import { startServer as startAuth } from '@sso/auth-server/server';
import { startInboxPage, startMailCatcher, type CapturedMail } from '@sso/auth-server/mail-catcher';
import { startDemoApp as startApp } from '@sso/demo-site/server';
import { startServer as startApi } from '@sso/resource-api/server';

/** One started service of the stack, as each package's own start function returns it. */
export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

export type Env = Record<string, string | undefined>;

export const startAuthServer = (env: Env): Promise<RunningService> => startAuth(env);

export const startResourceApi = (env: Env): Promise<RunningService> => startApi(env);

export const startDemoApp = (env: Env, clock?: { now(): number }): Promise<RunningService> => startApp(env, clock ? { clock } : {});

export interface DevMail extends RunningService {
  smtpUrl: string;
  waitForCount(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
}

/**
 * The development mail path: an SMTP catcher the auth server sends to, and the inbox page that
 * lists what it caught (links clickable), so every mail flow works offline.
 */
export async function startDevMail(opts: { smtpPort: number; inboxPort: number; host?: string }): Promise<DevMail> {
  const catcher = await startMailCatcher({ port: opts.smtpPort, host: opts.host });
  const inbox = await startInboxPage(catcher, { port: opts.inboxPort, host: opts.host }).catch(async (err: unknown) => {
    await catcher.close();
    throw err;
  });
  return {
    url: inbox.url,
    port: Number(new URL(inbox.url).port),
    smtpUrl: `smtp://127.0.0.1:${catcher.port}`,
    waitForCount: (count, timeoutMs) => catcher.waitForCount(count, timeoutMs),
    async close() {
      await inbox.close();
      await catcher.close();
    },
  };
}
