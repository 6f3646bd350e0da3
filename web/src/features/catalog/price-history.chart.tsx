import { Box, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import type { PricePoint } from './catalog.api';
import { formatUsd } from './catalog-format';

/** Used until the container is measured (and as the least width drawn). */
const MIN_WIDTH = 300;
const HEIGHT = 240;
const PAD = { top: 16, right: 16, bottom: 36, left: 64 };
const Y_TICKS = 4;
const MIN_SPAN_MS = 3_600_000;

/** A round tick step (1, 2 or 5 × 10ⁿ) that splits `range` into about `count` parts. */
function niceStep(range: number, count: number): number {
  const raw = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10;
  return step * magnitude;
}

interface Point {
  at: number;
  price: number;
}

const dateLabel = (ms: number, spanMs: number) =>
  new Date(ms).toLocaleString(
    undefined,
    spanMs > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
  );

/**
 * A step line of the provider's price over time (a price holds until the next observation, so
 * the line steps rather than slopes), with price and time axes; the last price is carried to
 * `now`. The axis spans at least an hour. Scales to its container's width.
 */
export function PriceHistoryChart({ points, now }: { points: PricePoint[]; now: number }) {
  const { ref, width: measured } = useElementSize();
  const width = Math.max(MIN_WIDTH, Math.round(measured));
  const series: Point[] = points
    .map((p) => ({ at: Date.parse(p.at), price: p.price_per_hour }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at);
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return <Box ref={ref} />;

  const end = Math.max(now, last.at);
  // At least an hour across, so a fresh offer's single observation still has a readable time axis.
  const start = Math.min(first.at, end - MIN_SPAN_MS);
  const prices = series.map((p) => p.price);
  const min = Math.min(...prices);
  const max = Math.max(...prices);
  // A flat history still needs a band to draw in: one tick step either side of the price.
  const step = niceStep(max - min > 1e-9 ? max - min : Math.max(min * 0.2, 0.01), Y_TICKS);
  const low = Math.max(0, Math.floor(min / step) * step - (max - min > 1e-9 ? 0 : step));
  const high = Math.ceil(max / step) * step + (max - min > 1e-9 ? 0 : step);
  const innerW = width - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + ((ms - start) / (end - start)) * innerW;
  const y = (price: number) => PAD.top + (1 - (price - low) / (high - low)) * innerH;

  let path = `M ${x(first.at)} ${y(first.price)}`;
  for (const p of series.slice(1)) path += ` H ${x(p.at)} V ${y(p.price)}`;
  path += ` H ${x(end)}`;

  const yTicks = Array.from({ length: Math.round((high - low) / step) + 1 }, (_, i) => low + step * i);
  const xTicks = [start, start + (end - start) / 2, end];
  const span = end - start;
  const summary =
    series.length === 1
      ? `One observation so far: ${formatUsd(last.price)} per hour.`
      : min === max
        ? `Price per hour unchanged at ${formatUsd(last.price)} over ${series.length} observations.`
        : `Price per hour from ${formatUsd(min)} to ${formatUsd(max)} over ${series.length} observations; now ${formatUsd(last.price)}.`;

  return (
    <Box ref={ref}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        role="img"
        aria-label="Price history chart"
        style={{ display: 'block', maxWidth: '100%' }}
      >
        <title>{summary}</title>
        {yTicks.map((t) => (
          <g key={t}>
            <line
              x1={PAD.left}
              x2={width - PAD.right}
              y1={y(t)}
              y2={y(t)}
              stroke="var(--mantine-color-default-border)"
              strokeDasharray="3 3"
            />
            <text
              x={PAD.left - 8}
              y={y(t)}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={11}
              fill="var(--mantine-color-dimmed)"
            >
              {formatUsd(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={t}
            x={x(t)}
            y={HEIGHT - PAD.bottom + 18}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
            fontSize={11}
            fill="var(--mantine-color-dimmed)"
          >
            {dateLabel(t, span)}
          </text>
        ))}
        <text
          x={12}
          y={PAD.top + innerH / 2}
          fontSize={11}
          fill="var(--mantine-color-dimmed)"
          transform={`rotate(-90 12 ${PAD.top + innerH / 2})`}
          textAnchor="middle"
        >
          USD / hour
        </text>
        <line
          x1={PAD.left}
          x2={width - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
          stroke="var(--mantine-color-default-border)"
        />
        <path d={path} fill="none" stroke="var(--mantine-primary-color-filled)" strokeWidth={2} />
        {series.map((p) => (
          <circle key={p.at} cx={x(p.at)} cy={y(p.price)} r={3} fill="var(--mantine-primary-color-filled)" />
        ))}
      </svg>
      <Text size="xs" c="dimmed" mt={4}>
        {summary}
      </Text>
    </Box>
  );
}
