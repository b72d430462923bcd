/**
 * RFC 6761 §6.3: names under `localhost.` resolve to loopback. Browsers do this; Node's resolver on
 * Linux does not, so server-to-server calls to `http://auth.localhost:4000` would fail. This fetch
 * rewrites such hosts to 127.0.0.1 and leaves every other URL alone.
 */
export function toLoopback(input: string | URL): URL {
  const url = new URL(input);
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) url.hostname = '127.0.0.1';
  return url;
}

export const loopbackFetch: typeof fetch = (input, init) => {
  if (input instanceof Request) return fetch(new Request(toLoopback(input.url), input), init);
  return fetch(toLoopback(input), init);
};
