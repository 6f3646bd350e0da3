import type { AccessTokens } from './access-token.service.js';
import type { IdentityProvider } from './identity-provider.js';
import type { LoginService } from './login.service.js';
import type { MfaService } from './mfa.service.js';
import type { RegisterService } from './register.service.js';
import type { SessionService } from './session.service.js';

export interface BuiltinProviderParts {
  register: RegisterService;
  login: Pick<LoginService, 'login'>;
  sessions: Pick<SessionService, 'refresh' | 'logout'>;
  accessTokens: Pick<AccessTokens, 'verify'>;
  mfa: Pick<MfaService, 'setupTotp' | 'enableTotp' | 'disable'>;
}

/** The built-in identity provider: accounts, passwords, TOTP and sessions in our own database. */
export function createBuiltinIdentityProvider(parts: BuiltinProviderParts): IdentityProvider {
  const { register, login, sessions, accessTokens, mfa } = parts;
  return {
    kind: 'builtin',
    register: (input, ctx) => register.register(input, ctx),
    verifyEmail: (token, ctx) => register.verifyEmail(token, ctx),
    resendVerification: (email, ctx) => register.resendVerification(email, ctx),
    login: (input, ctx) => login.login(input, ctx),
    refresh: (token, ctx) => sessions.refresh(token, ctx),
    logout: (token, ctx) => sessions.logout(token, ctx),
    verifyAccessToken: (token) => accessTokens.verify(token),
    mfa: {
      setupTotp: (userId, ctx) => mfa.setupTotp(userId, ctx),
      enableTotp: (userId, code, ctx) => mfa.enableTotp(userId, code, ctx),
      disable: (userId, code, ctx) => mfa.disable(userId, code, ctx),
    },
  };
}
