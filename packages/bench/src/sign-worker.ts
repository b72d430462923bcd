import { signFor, signingKey } from './sign-rate.js';

/** A signing burst in a process of its own, like the server's: answers each `{ seconds, concurrency }` with a SignBurst. */
const key = await signingKey();
process.on('message', (message: { seconds: number; concurrency: number } | 'stop') => {
  if (message === 'stop') {
    process.disconnect();
    return;
  }
  void signFor(key, message.seconds, message.concurrency).then((burst) => process.send!(burst));
});
process.send!('ready');
