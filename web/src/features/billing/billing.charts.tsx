import { Box, Table, Text, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { formatMoney } from './billing-format';

/** Used until the container is measured (and as the least width drawn). */
const MIN_WIDTH = 260;

export interface BarDatum {
  key: string;
  label: string;
  amount: number;
}

/** Cuts a label to about `max` characters so it fits its column (the full label is in the bar's title). */
function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}

/** The same figures as a table for screen readers (the SVG is decorative to them). */
function DataTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: BarDatum[] }) {
  return (
    <VisuallyHidden>
      <Table>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{head[0]}</Table.Th>
            <Table.Th>{head[1]}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td>{formatMoney(r.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}

const BAR_H = 22;
const GAP = 10;

/**
 * Horizontal bars, largest first: label on the left, bar scaled to the largest amount, amount at
 * the bar's end. Scales to its container's width; `title` names it for assistive technology.
 */
export function BarChart({ title, data, testId }: { title: string; data: BarDatum[]; testId?: string }) {
  const { ref, width: measured } = useElementSize();
  const width = Math.max(MIN_WIDTH, Math.round(measured));
  const rows = [...data].sort((a, b) => b.amount - a.amount);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing yet this month.
      </Text>
    );
  const labelW = Math.round(width * 0.34);
  const valueW = 72;
  const barMax = Math.max(1, width - labelW - valueW - 8);
  const max = Math.max(...rows.map((r) => r.amount), 1e-9);
  const height = rows.length * (BAR_H + GAP) - GAP;
  const maxChars = Math.max(4, Math.floor(labelW / 7));

  return (
    <Box ref={ref} data-testid={testId}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        aria-hidden
        style={{ display: 'block', maxWidth: '100%' }}
      >
        {rows.map((r, i) => {
          const y = i * (BAR_H + GAP);
          const w = Math.max(2, (r.amount / max) * barMax);
          return (
            <g key={r.key}>
              <title>{`${r.label}: ${formatMoney(r.amount)}`}</title>
              <text
                x={0}
                y={y + BAR_H / 2}
                dominantBaseline="middle"
                fontSize={12}
                fill="var(--mantine-color-text)"
              >
                {shorten(r.label, maxChars)}
              </text>
              <rect
                x={labelW}
                y={y}
                width={w}
                height={BAR_H}
                rx={3}
                fill="var(--mantine-primary-color-filled)"
              />
              <text
                x={labelW + w + 6}
                y={y + BAR_H / 2}
                dominantBaseline="middle"
                fontSize={12}
                fill="var(--mantine-color-dimmed)"
              >
                {formatMoney(r.amount)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} head={['Item', 'Amount']} rows={rows} />
    </Box>
  );
}

const COL_H = 160;
const PAD = { top: 8, right: 4, bottom: 22, left: 52 };

/**
 * Spend per day of the billing month as columns, one per day (days still to come stay empty),
 * with a money axis and a few day labels. Scales to its container's width.
 */
export function DailySpendChart({
  days,
  periodStart,
  periodEnd,
}: {
  days: { date: string; amount: number }[];
  periodStart: string;
  periodEnd: string;
}) {
  const { ref, width: measured } = useElementSize();
  const width = Math.max(MIN_WIDTH, Math.round(measured));
  const start = Date.parse(periodStart);
  const count = Math.max(1, Math.round((Date.parse(periodEnd) - start) / 86_400_000));
  const byDate = new Map(days.map((d) => [d.date, d.amount]));
  const all = Array.from({ length: count }, (_, i) => {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return { key: date, label: date, day: i + 1, amount: byDate.get(date) ?? 0 };
  });
  const max = Math.max(...all.map((d) => d.amount));
  const top = max > 0 ? max : 1;
  const innerW = width - PAD.left - PAD.right;
  const innerH = COL_H - PAD.top - PAD.bottom;
  const slot = innerW / count;
  const colW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + (1 - v / top) * innerH;
  const labelled = new Set([1, 8, 15, 22, count]);
  const spent = all.filter((d) => d.amount > 0);

  return (
    <Box ref={ref}>
      <svg
        viewBox={`0 0 ${width} ${COL_H}`}
        width={width}
        height={COL_H}
        aria-hidden
        style={{ display: 'block', maxWidth: '100%' }}
      >
        {[0, top / 2, top].map((t) => (
          <g key={t}>
            <line
              x1={PAD.left}
              x2={width - PAD.right}
              y1={y(t)}
              y2={y(t)}
              stroke="var(--mantine-color-default-border)"
              strokeDasharray={t === 0 ? undefined : '3 3'}
            />
            <text
              x={PAD.left - 6}
              y={y(t)}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={10}
              fill="var(--mantine-color-dimmed)"
            >
              {max > 0 || t === 0 ? formatMoney(t) : ''}
            </text>
          </g>
        ))}
        {all.map((d, i) => {
          const x = PAD.left + i * slot + (slot - colW) / 2;
          return (
            <g key={d.key}>
              {d.amount > 0 && (
                <rect
                  x={x}
                  y={y(d.amount)}
                  width={colW}
                  height={y(0) - y(d.amount)}
                  rx={2}
                  fill="var(--mantine-primary-color-filled)"
                >
                  <title>{`${d.label}: ${formatMoney(d.amount)}`}</title>
                </rect>
              )}
              {labelled.has(d.day) && (
                <text
                  x={x + colW / 2}
                  y={COL_H - 6}
                  textAnchor="middle"
                  fontSize={10}
                  fill="var(--mantine-color-dimmed)"
                >
                  {d.day}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {spent.length === 0 && (
        <Text size="sm" c="dimmed" mt={4}>
          No spend yet this month.
        </Text>
      )}
      <DataTable caption="Spend per day" head={['Day', 'Amount']} rows={spent} />
    </Box>
  );
}
