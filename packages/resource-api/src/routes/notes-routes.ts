import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import { InvalidRequest, NotFound, getAuth, requireScope } from '@sso/shared';
import { jsonBody } from '../http/json-body.js';
import type { NotesStore } from '../notes/notes-store.js';

const newNote = z.object({
  text: z
    .string({ error: 'text must be a string' })
    .refine((text) => text.trim().length > 0, 'text must not be empty')
    .refine((text) => text.length <= 1000, 'text must be at most 1000 characters'),
});

/** Notes of the token's subject: read with notes:read, change with notes:write. */
export function notesRoutes(router: Router, auth: RequestHandler, notes: NotesStore): void {
  router.get('/notes', auth, requireScope('notes:read'), async (req, res) => {
    res.json({ notes: await notes.list(getAuth(req).subject) });
  });
  router.post('/notes', auth, requireScope('notes:write'), jsonBody(), async (req, res) => {
    const parsed = newNote.safeParse(req.body);
    if (!parsed.success) throw new InvalidRequest(parsed.error.issues[0]?.message ?? 'invalid note');
    res.status(201).json({ note: await notes.create(getAuth(req).subject, parsed.data.text) });
  });
  router.delete('/notes/:id', auth, requireScope('notes:write'), async (req, res) => {
    const id = req.params.id;
    // Someone else's note answers exactly like a missing one, so ids reveal nothing.
    if (typeof id !== 'string' || !(await notes.remove(getAuth(req).subject, id))) throw new NotFound('no such note');
    res.status(204).end();
  });
}
