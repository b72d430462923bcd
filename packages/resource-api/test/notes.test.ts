import request from 'supertest';
import { bearer, startTestApp } from './helpers/test-app.js';
import type { TestApp } from './helpers/test-app.js';


const notesOf = (body: unknown) => (body as { notes: { text: string }[] }).notes.map((note) => note.text);
describe('notes', () => {
  let t: TestApp;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    alice = bearer(await t.issuer.sign({ sub: 'alice' }));
    bob = bearer(await t.issuer.sign({ sub: 'bob' }));
  });
  afterAll(() => t.close());

  it('keeps each user to their own notes', async () => {
    const created = await request(t.app).post('/notes').set(alice).send({ text: 'alice secret' });
    expect(created.status).toBe(201);
    const { note } = created.body as { note: { id: string } };
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(note).toMatchObject({ text: 'alice secret', id: expect.any(String), createdAt: '2030-01-01T00:00:00.000Z' });
    await request(t.app).post('/notes').set(bob).send({ text: 'bob note' }).expect(201);

    const aliceList = await request(t.app).get('/notes').set(alice);
    expect(notesOf(aliceList.body)).toEqual(['alice secret']);
    const bobList = await request(t.app).get('/notes').set(bob);
    expect(notesOf(bobList.body)).toEqual(['bob note']);

    // Bob cannot delete Alice's note; it looks like it does not exist.
    const stolen = await request(t.app).delete(`/notes/${note.id}`).set(bob);
    expect(stolen.status).toBe(404);
    expect(stolen.body).toMatchObject({ error: 'not_found' });

    await request(t.app).delete(`/notes/${note.id}`).set(alice).expect(204);
    await request(t.app).delete(`/notes/${note.id}`).set(alice).expect(404);
    expect(notesOf((await request(t.app).get('/notes').set(alice)).body)).toEqual([]);
  });

  it('needs notes:write to create or delete and notes:read to list', async () => {
    const readOnly = bearer(await t.issuer.sign({ sub: 'carol', scope: 'notes:read' }));
    const post = await request(t.app).post('/notes').set(readOnly).send({ text: 'x' });
    expect(post.status).toBe(403);
    expect(post.headers['www-authenticate']).toContain('scope="notes:write"');
    const del = await request(t.app).delete('/notes/anything').set(readOnly);
    expect(del.status).toBe(403);
    const writeOnly = bearer(await t.issuer.sign({ sub: 'carol', scope: 'notes:write' }));
    expect((await request(t.app).get('/notes').set(writeOnly)).headers['www-authenticate']).toContain('scope="notes:read"');
  });

  it.each([
    ['empty text', { text: '' }, 'text must not be empty'],
    ['blank text', { text: '   ' }, 'text must not be empty'],
    ['too long text', { text: 'x'.repeat(1001) }, 'text must be at most 1000 characters'],
    ['text not a string', { text: 42 }, 'text must be a string'],
    ['no text', {}, 'text must be a string'],
    ['a JSON array', [1, 2], 'expected object'],
  ])('refuses %s with 400', async (_name, body, description) => {
    const res = await request(t.app).post('/notes').set(alice).send(body);
    expect(res.status).toBe(400);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining(description) });
  });

  it('accepts exactly 1000 characters', async () => {
    await request(t.app).post('/notes').set(alice).send({ text: 'y'.repeat(1000) }).expect(201);
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const res = await request(t.app).post('/notes').set(alice).set('Content-Type', 'application/json').send('{"text": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: 'The request body could not be parsed' });
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await request(t.app).post('/notes').set(alice).type('form').send('text=hello');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('answers a body over 16 kB with 413', async () => {
    const res = await request(t.app).post('/notes').set(alice).send({ text: 'z'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: 'The request body is too large' });
  });

  it('checks the token before reading the body', async () => {
    const res = await request(t.app).post('/notes').set('Content-Type', 'application/json').send('{broken');
    expect(res.status).toBe(401);
  });
});
