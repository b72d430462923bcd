/** Development mail tools for `pnpm dev` and end-to-end tests: an SMTP catcher and its inbox page. */
export { startMailCatcher, type CapturedMail, type MailCatcher } from './mail-catcher.js';
export { startInboxPage } from './inbox-page.js';
