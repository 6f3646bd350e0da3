import { Container, Stack, Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/page-title';
import { useAuth } from '../../lib/auth';
import { ApiKeysSection } from './api-keys.section';
import { MfaSection } from './mfa.section';
import { ProfileSection } from './profile.section';

/** The signed-in user's account: profile and password, two-factor authentication, API keys. */
export function AccountPage() {
  usePageTitle('Account');
  const { user } = useAuth();
  // RequireAuth renders this page only with a user.
  if (!user) return null;
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <div>
          <Title order={1} fz={{ base: 28, sm: 34 }}>
            Account
          </Title>
          <Text c="dimmed" size="sm" mt={4}>
            Signed in as {user.email}
          </Text>
        </div>
        <ProfileSection key={user.id} user={user} />
        <MfaSection user={user} />
        <ApiKeysSection />
      </Stack>
    </Container>
  );
}
