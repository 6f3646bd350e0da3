import { Badge, Button, Flex, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import classes from './home.module.css';

export function Hero() {
  return (
    <Stack component="section" aria-labelledby="hero-title" gap="lg" maw={780} className={classes.hero}>
      <Badge variant="light" size="lg" radius="sm" w="fit-content">
        GPU cloud broker
      </Badge>
      <Title id="hero-title" order={1} className={classes.heroTitle}>
        <span className={classes.heroLine}>Every GPU cloud.</span>{' '}
        <span className={classes.heroLine}>One console.</span>{' '}
        <span className={`${classes.heroLine} ${classes.accent}`}>One bill.</span>
      </Title>
      <Text size="lg" c="dimmed" maw={620}>
        Compare live GPU offers from more than 20 clouds, deploy the best one in a single call, and pay for
        all of it on one monthly invoice.
      </Text>
      <Flex direction={{ base: 'column', xs: 'row' }} gap="sm">
        <Button component={Link} to="/browse" size="md" rightSection={<IconArrowRight size={18} />}>
          Browse GPU offers
        </Button>
        <Button component={Link} to="/plans" size="md" variant="default">
          Compare plans
        </Button>
      </Flex>
    </Stack>
  );
}
