/** One step of a sign-in as shown on the "how it works" page. */
export interface TimelineEvent {
  at: number;
  kind: 'authorize' | 'login' | 'sso' | 'code' | 'token' | 'refresh' | 'error' | 'logout';
  title: string;
  detail: string;
}

const MAX_EVENTS = 30;

export function record(timeline: TimelineEvent[], event: TimelineEvent): void {
  timeline.push(event);
  if (timeline.length > MAX_EVENTS) timeline.splice(0, timeline.length - MAX_EVENTS);
}
