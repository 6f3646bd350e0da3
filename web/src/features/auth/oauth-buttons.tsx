import { Button, Divider, Stack } from '@mantine/core';
import { IconBrandGithub, IconBrandGoogle, IconKey } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type OAuthProvider, oauthProviders } from './auth.api';

const ICONS: Record<string, typeof IconKey> = { google: IconBrandGoogle, github: IconBrandGithub };

/** The provider's start URL, carrying where to land after the round trip. */
function startHref(provider: OAuthProvider, next: string | null): string {
  if (!next) return provider.start_url;
  const url = new URL(provider.start_url, window.location.origin);
  url.searchParams.set('next', next);
  return url.origin === window.location.origin ? `${url.pathname}${url.search}` : url.href;
}

/** "Continue with Google/GitHub" — nothing at all when no provider is configured or the list fails. */
export function OAuthButtons({ next }: { next: string | null }) {
  const providers = useQuery({
    queryKey: ['auth', 'oauth-providers'],
    queryFn: oauthProviders,
    retry: false,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
  const items = providers.data ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap="sm">
      {items.map((provider) => {
        const Icon = ICONS[provider.id] ?? IconKey;
        return (
          <Button
            key={provider.id}
            component="a"
            href={startHref(provider, next)}
            variant="default"
            leftSection={<Icon size={18} stroke={1.75} aria-hidden />}
            fullWidth
          >
            Continue with {provider.name}
          </Button>
        );
      })}
      <Divider label="or with your e-mail" labelPosition="center" />
    </Stack>
  );
}
