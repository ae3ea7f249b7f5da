import { sendJson } from '../http.js';
import type { AuthCall } from './auth-call.js';

/** GET /health, as GoTrue's HealthCheck answers it. */
export async function healthEndpoint(call: AuthCall): Promise<void> {
  sendJson(call.res, 200, {
    version: 'talentg-local',
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API',
  });
}

const EXTERNAL_PROVIDERS = [
  'anonymous_users',
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'snapchat',
  'figma',
  'fly',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'kakao',
  'linkedin',
  'linkedin_oidc',
  'notion',
  'spotify',
  'slack',
  'slack_oidc',
  'workos',
  'twitch',
  'twitter',
  'email',
  'phone',
  'zoom',
];
const ENABLED_PROVIDERS = new Set(['email', 'phone']);

/** GET /settings: what this Auth offers, in GoTrue's shape: email and phone with passwords, email confirmations and sign-ups per config.toml. */
export async function settingsEndpoint(call: AuthCall): Promise<void> {
  sendJson(call.res, 200, {
    external: Object.fromEntries(
      EXTERNAL_PROVIDERS.map((name) => [name, ENABLED_PROVIDERS.has(name)]),
    ),
    disable_signup: !call.settings.signupEnabled,
    mailer_autoconfirm: !call.settings.emailConfirmations,
    phone_autoconfirm: true,
    sms_provider: '',
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
}
