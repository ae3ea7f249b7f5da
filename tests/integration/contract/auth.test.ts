import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { contractTargets } from '../../support/contract-target.js';
import { anonClient, demoEmail, serviceClient, signIn, uniqueName } from './demo-users.js';

const targets = await contractTargets();
afterAll(() => Promise.all(targets.map((target) => target.close())));

describe.each(targets)('auth on $name', (target) => {
  it('signs tc1 in with the demo password: a GoTrue session for the telecaller', async () => {
    const { client, session } = await signIn(target, 'tc1');
    expect(session.token_type).toBe('bearer');
    expect(session.user.email).toBe(demoEmail('tc1'));
    expect(session.user.app_metadata).toMatchObject({ provider: 'email', role: 'telecaller' });
    const claims = decodeJwt(session.access_token);
    expect(claims).toMatchObject({
      sub: session.user.id,
      role: 'authenticated',
      aud: 'authenticated',
      email: demoEmail('tc1'),
      session_id: expect.any(String),
    });
    expect(claims.exp! - claims.iat!).toBe(session.expires_in);

    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.id).toBe(session.user.id);
  });

  it('refuses a wrong password with invalid_credentials', async () => {
    const { data, error } = await anonClient(target).auth.signInWithPassword({
      email: demoEmail('tc1'),
      password: 'not-the-demo-password',
    });
    expect(data.session).toBeNull();
    expect(error).toMatchObject({ status: 400, code: 'invalid_credentials' });
  });

  it('refreshes: a rotated refresh token, the same user and session', async () => {
    const { client, session } = await signIn(target, 'tc1');
    const { data, error } = await client.auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    expect(error).toBeNull();
    expect(data.session!.refresh_token).not.toBe(session.refresh_token);
    expect(data.session!.user.id).toBe(session.user.id);
    expect(decodeJwt(data.session!.access_token).session_id).toBe(
      decodeJwt(session.access_token).session_id,
    );
  });

  it('signs out: the session’s refresh token no longer works', async () => {
    const { client, session } = await signIn(target, 'tc1');
    const refreshed = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toBeNull();
    const latest = refreshed.data.session!.refresh_token;

    expect((await client.auth.signOut()).error).toBeNull();

    const afterSignOut = await anonClient(target).auth.refreshSession({ refresh_token: latest });
    expect(afterSignOut.data.session).toBeNull();
    expect(afterSignOut.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  });

  it('admin API with the service key: create, list, sign in as, delete a user', async () => {
    const admin = serviceClient(target).auth.admin;
    const email = `${uniqueName('contract')}@talentg.test`;
    const password = 'contract-password-1';
    const created = await admin.createUser({
      email,
      password,
      email_confirm: true,
      user_metadata: { full_name: 'Contract Caller' },
      app_metadata: { role: 'telecaller' },
    });
    expect(created.error).toBeNull();
    const id = created.data.user!.id;
    try {
      expect(created.data.user).toMatchObject({
        email,
        user_metadata: { full_name: 'Contract Caller' },
        app_metadata: { provider: 'email', role: 'telecaller' },
      });

      const listed = await admin.listUsers({ page: 1, perPage: 1000 });
      expect(listed.error).toBeNull();
      const emails = listed.data.users.map((user) => user.email);
      expect(emails).toContain(email);
      expect(emails).toContain(demoEmail('tc1'));

      // The project's triggers made the profile: GoTrue inserts the user before it merges
      // app_metadata, and the role follows when that merge updates raw_app_meta_data.
      const profile = await serviceClient(target)
        .from('profiles')
        .select('email, full_name, role')
        .eq('id', id)
        .single();
      expect(profile.data).toEqual({ email, full_name: 'Contract Caller', role: 'telecaller' });

      // A later role change through the admin API follows too, and is audited like any other.
      const promoted = await admin.updateUserById(id, { app_metadata: { role: 'manager' } });
      expect(promoted.error).toBeNull();
      const role = await serviceClient(target)
        .from('profiles')
        .select('role')
        .eq('id', id)
        .single();
      expect(role.data).toEqual({ role: 'manager' });
      const audit = await serviceClient(target)
        .from('audit_log')
        .select('old_value, new_value')
        .eq('entity_id', id)
        .eq('action', 'role_changed')
        .order('id');
      expect(audit.data).toEqual([
        { old_value: null, new_value: { role: 'user' } },
        { old_value: { role: 'user' }, new_value: { role: 'telecaller' } },
        { old_value: { role: 'telecaller' }, new_value: { role: 'manager' } },
      ]);

      const signedIn = await anonClient(target).auth.signInWithPassword({ email, password });
      expect(signedIn.error).toBeNull();
      expect(signedIn.data.user?.id).toBe(id);
    } finally {
      expect((await admin.deleteUser(id)).error).toBeNull();
    }
    const relisted = await admin.listUsers({ page: 1, perPage: 1000 });
    expect(relisted.data.users.map((user) => user.id)).not.toContain(id);
    const gone = await anonClient(target).auth.signInWithPassword({ email, password });
    expect(gone.error).toMatchObject({ status: 400, code: 'invalid_credentials' });
  });

  it('refuses the admin API with the anon key', async () => {
    const { data, error } = await anonClient(target).auth.admin.listUsers();
    expect(data.users).toEqual([]);
    expect(error).toMatchObject({ status: 403 });
  });
});
