import type { Store } from '../../../src/store/types.js';
import { id, MIN, newAccount, T0 } from './fixtures.js';

/** Sign-in factor tables: single use where it matters, on every engine. */
export function factorTables(store: () => Store): void {
  it('TOTP: confirm once, each step used once and never an older one', async () => {
    const s = store();
    const a = await newAccount(s);
    await s.totp.startEnrolment(a.id, 'sealed-1', T0);
    await s.totp.startEnrolment(a.id, 'sealed-2', T0); // replaces the unconfirmed one
    expect((await s.totp.find(a.id))?.sealedSecret).toBe('sealed-2');
    expect(await s.totp.useStep(a.id, 10)).toBe(false); // not confirmed yet
    expect(await s.totp.confirm(a.id, 10, T0)).toBe(true);
    expect(await s.totp.confirm(a.id, 11, T0)).toBe(false);
    expect(await s.totp.useStep(a.id, 10)).toBe(false);
    const race = await Promise.all([s.totp.useStep(a.id, 11), s.totp.useStep(a.id, 11)]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await s.totp.useStep(a.id, 9)).toBe(false);
    expect(await s.totp.delete(a.id)).toBe(true);
    expect(await s.totp.find(a.id)).toBeUndefined();
  });

  it('recovery codes: single use, replaced as a set', async () => {
    const s = store();
    const a = await newAccount(s);
    await s.recoveryCodes.replace(a.id, ['h1', 'h2', 'h3'], T0);
    const race = await Promise.all([s.recoveryCodes.use(a.id, 'h1', T0), s.recoveryCodes.use(a.id, 'h1', T0)]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await s.recoveryCodes.use(a.id, 'nope', T0)).toBe(false);
    expect(await s.recoveryCodes.countUnused(a.id)).toBe(2);
    await s.recoveryCodes.replace(a.id, ['h4'], T0);
    expect(await s.recoveryCodes.use(a.id, 'h2', T0)).toBe(false);
    expect(await s.recoveryCodes.countUnused(a.id)).toBe(1);
  });

  it('passkeys: counter moves forward once; rename and delete only by the owner', async () => {
    const s = store();
    const [a, b] = [await newAccount(s), await newAccount(s)];
    const credentialId = id('cred');
    await s.passkeys.create({ credentialId, accountId: a.id, publicKey: 'pk', counter: 1, transports: ['internal'], deviceType: 'singleDevice', backedUp: false, name: 'Key', createdAt: T0, lastUsedAt: null });
    expect(await s.passkeys.recordUse(credentialId, 1, 2, T0)).toBe(true);
    expect(await s.passkeys.recordUse(credentialId, 1, 2, T0)).toBe(false);
    expect(await s.passkeys.rename(b.id, credentialId, 'Mine')).toBe(false);
    expect(await s.passkeys.rename(a.id, credentialId, 'Laptop')).toBe(true);
    expect(await s.passkeys.find(credentialId)).toMatchObject({ name: 'Laptop', counter: 2, transports: ['internal'], backedUp: false });
    expect(await s.passkeys.delete(b.id, credentialId)).toBe(false);
    expect(await s.passkeys.deleteAll(a.id)).toBe(1);
  });

  it('WebAuthn challenges answer once and not after they expire', async () => {
    const s = store();
    const [live, old] = [id('challenge'), id('challenge')];
    await s.webauthnChallenges.create({ challenge: live, purpose: 'authenticate', accountId: null, expiresAt: T0 + MIN });
    await s.webauthnChallenges.create({ challenge: old, purpose: 'register', accountId: null, expiresAt: T0 - 1 });
    const race = await Promise.all([s.webauthnChallenges.take(live, T0), s.webauthnChallenges.take(live, T0)]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await s.webauthnChallenges.take(old, T0)).toBeUndefined();
  });

  it('progress, session factors, grant authentication and MFA requirements round-trip', async () => {
    const s = store();
    const ia = id('ia');
    const progress = { accountId: 'a', done: [{ factor: 'password' as const, at: T0, amr: ['pwd'] }], hintSub: null, returnTo: null };
    await s.signInProgress.save(ia, progress, T0 + MIN);
    await s.signInProgress.save(ia, { ...progress, hintSub: 'b' }, T0 + MIN);
    expect(await s.signInProgress.find(ia)).toEqual({ ...progress, hintSub: 'b' });
    await s.sessionFactors.set('sid-x', progress.done, T0 + MIN);
    expect(await s.sessionFactors.find('sid-x')).toEqual(progress.done);
    await s.grantAuthentications.set('grant-x', { amr: ['pwd', 'otp', 'mfa'], acr: 'urn:sso:acr:mfa' }, T0 + MIN);
    expect(await s.grantAuthentications.find('grant-x')).toEqual({ amr: ['pwd', 'otp', 'mfa'], acr: 'urn:sso:acr:mfa' });
    await s.mfaRequirements.set('client', 'c-x', true, T0);
    await s.mfaRequirements.set('client', 'c-x', true, T0);
    expect(await s.mfaRequirements.has('client', 'c-x')).toBe(true);
    expect(await s.mfaRequirements.has('account', 'c-x')).toBe(false);
    await s.mfaRequirements.set('client', 'c-x', false, T0);
    expect(await s.mfaRequirements.has('client', 'c-x')).toBe(false);
    await s.purgeExpired(T0 + 2 * MIN);
    expect(await s.signInProgress.find(ia)).toBeUndefined();
    expect(await s.sessionFactors.find('sid-x')).toBeUndefined();
  });
}
