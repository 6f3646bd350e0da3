import { Type } from 'typebox';
import { MAX_PASSWORD_LENGTH } from './password.js';
import type { UserRow } from './users.repo.js';

const Email = Type.String({ format: 'email', maxLength: 254 });
const RoleSchema = Type.Union([
  Type.Literal('user'),
  Type.Literal('pro'),
  Type.Literal('enterprise'),
  Type.Literal('pod_admin'),
]);
const PlanSchema = Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('enterprise')]);

/** A 6-digit TOTP code or a backup code (`xxxx-xxxx`, case and dash optional). */
const SecondFactorCode = Type.String({
  pattern: '^\\s*([0-9]{3}\\s?[0-9]{3}|[A-Za-z0-9]{4}-?[A-Za-z0-9]{4})\\s*$',
  description: '6-digit authenticator code or a backup code',
});

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    plan: PlanSchema,
    /** The plan picked on the plans page at sign-up, until a subscription grants it. */
    requested_plan: Type.Union([Type.Null(), PlanSchema]),
    status: Type.Union([Type.Literal('unconfirmed'), Type.Literal('active'), Type.Literal('disabled')]),
    mfa_enabled: Type.Boolean(),
    created_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const RegisterBody = Type.Object(
  {
    email: Email,
    // Length only here; strength (common passwords, repeats) is the service's policy.
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    plan: Type.Optional(PlanSchema),
  },
  { additionalProperties: false },
);

export const RegisterResponse = Type.Object({
  user: UserSchema,
  verification: Type.Union([Type.Literal('email_sent'), Type.Literal('auto_confirmed')]),
});

export const VerifyEmailBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const VerifyEmailResponse = Type.Object({ user: UserSchema });

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
    totp_code: Type.Optional(SecondFactorCode),
  },
  { additionalProperties: false },
);

export const ResendVerificationBody = Type.Object({ email: Email }, { additionalProperties: false });

export const AcceptedResponse = Type.Object({ detail: Type.String() });

export const TotpSetupResponse = Type.Object({
  secret: Type.String({ description: 'Base32 secret for manual entry' }),
  otpauth_url: Type.String({ description: 'otpauth://totp/… URI, for a QR code' }),
});

export const TotpCodeBody = Type.Object(
  {
    code: Type.String({
      pattern: '^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$',
      description: '6-digit authenticator code',
    }),
  },
  { additionalProperties: false },
);

export const SecondFactorBody = Type.Object({ code: SecondFactorCode }, { additionalProperties: false });

export const BackupCodesResponse = Type.Object({
  backup_codes: Type.Array(Type.String(), { description: 'One-time codes, shown once' }),
});

export const UpdateProfileBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  {
    current_password: Type.String({
      maxLength: MAX_PASSWORD_LENGTH,
      description: 'Empty for an account created through OAuth that has no password yet',
    }),
    new_password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  },
  { additionalProperties: false },
);

export const RefreshBody = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);

export const TokenPairResponse = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
  user: UserSchema,
});

export const JwksResponse = Type.Object({
  keys: Type.Array(Type.Object({}, { additionalProperties: true })),
});

/** The API view of a user row (snake_case, no secrets). */
export function toUserView(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    plan: user.plan,
    requested_plan: user.requestedPlan,
    status: user.status,
    mfa_enabled: user.mfaEnabledAt !== null,
    created_at: user.createdAt.toISOString(),
  };
}

export function toTokenPairView(pair: {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  user: UserRow;
}) {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: 'Bearer' as const,
    expires_in: pair.expiresInSeconds,
    user: toUserView(pair.user),
  };
}
