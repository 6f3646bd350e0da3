import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import classes from './home.module.css';

export function ClosingCallToAction() {
  return (
    <Paper component="section" aria-labelledby="cta-title" p={{ base: 'lg', sm: 40 }} className={classes.cta}>
      <Group justify="space-between" align="center" gap="lg">
        <Stack gap={6} maw={560}>
          <Title id="cta-title" order={2} fz={{ base: 22, sm: 28 }} c="white">
            Start on the free plan
          </Title>
          <Text c="indigo.0">
            Browse every offer without an account; deploy when you are ready and pay only for the seconds you
            use.
          </Text>
        </Stack>
        <Button component={Link} to="/plans" size="md" variant="white">
          See plans
        </Button>
      </Group>
    </Paper>
  );
}
