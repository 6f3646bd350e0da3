export type { CognitoProviderDeps } from './cognito.deps.js';
export { createCognitoIdentityProvider } from './cognito.provider.js';
export {
  type CognitoAccessClaims,
  type CognitoAccessVerifier,
  cognitoIssuer,
  createCognitoAccessVerifier,
  encodeVerificationToken,
  regionOfUserPool,
  roleFromGroups,
} from './cognito.tokens.js';
export { type CognitoLinksRepo, createCognitoLinksRepo } from './cognito-links.repo.js';
