import { useId, type ReactNode } from 'react';
import { Box, Group, Table, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { clinicFormat, countOf, formatDateTime } from '../../components/format';
import { MEASURE_CONTEXT_LABELS, type InstrumentTrajectory, type TreatmentSession } from './measures.api';
import { bandIntervals, dateTicks, linearScale, scoreExtent, scoreTicks, timeExtent } from './trajectory-scale';

const WIDTH = 640;
const HEIGHT = 260;
/** The right margin holds the band names, beside their bands and clear of the points. */
const MARGIN = { top: 12, right: 112, bottom: 44, left: 40 };
/** Light band fills, mildest first; dark enough lines and text on top of them to keep 4.5:1. */
const BAND_FILLS = ['#e6f4ea', '#f1f6dc', '#fdf3d6', '#fde6d4', '#fbdcdc', '#f6d0d8'];
const LINE = '#1c4f80';
const SESSION = '#5b3f8c';

function shortDate(iso: string): string {
  return formatDateTime(iso);
}

/**
 * One instrument's scores over time, drawn in SVG: severity bands shaded behind, treatment sessions marked on the
 * time axis, baseline, response and remission marked on the line. The same facts are written out below the
 * chart (summary and a table of scores), so nothing depends on seeing it.
 */
export function TrajectoryChart({
  trajectory,
  sessions,
}: {
  trajectory: InstrumentTrajectory;
  sessions: readonly TreatmentSession[];
}) {
  const id = useId();
  const { points, summary } = trajectory;
  const started = sessions.filter((s) => s.status !== 'cancelled' && s.status !== 'no-show');
  const times = [...points.map((p) => Date.parse(p.at)), ...started.map((s) => Date.parse(s.startsAt))];
  const xAxis = timeExtent(times);
  const yAxis = scoreExtent(
    trajectory.range,
    points.map((p) => p.total),
  );
  const plot = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
  const y = linearScale(yAxis, { from: plot.bottom, to: plot.top });
  const x = xAxis ? linearScale(xAxis, { from: plot.left, to: plot.right }) : () => plot.left;
  const bands = bandIntervals(trajectory.bands, yAxis);
  const line = points.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const isAt = (iso: string | null | undefined, at: string) =>
    iso !== null && iso !== undefined && Date.parse(iso) === Date.parse(at);
  const text = trajectorySummary(trajectory, started.length);

  return (
    <Box>
      <Box style={{ overflowX: 'auto' }}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          style={{ minWidth: 320, maxWidth: WIDTH, display: 'block' }}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
        >
          <title id={`${id}-title`}>{`${trajectory.shortName} scores over time`}</title>
          <desc id={`${id}-desc`}>{text}</desc>
          {bands.map((band, i) => (
            <g key={band.code}>
              <rect
                x={plot.left}
                y={y(band.to)}
                width={plot.right - plot.left}
                height={y(band.from) - y(band.to)}
                fill={BAND_FILLS[Math.min(i, BAND_FILLS.length - 1)]}
              />
              <text x={plot.right + 6} y={(y(band.to) + y(band.from)) / 2 + 4} fontSize="10" fill="#333">
                {band.label}
              </text>
            </g>
          ))}
          {trajectory.remissionMaxTotal !== null ? (
            <line
              x1={plot.left}
              x2={plot.right}
              y1={y(trajectory.remissionMaxTotal)}
              y2={y(trajectory.remissionMaxTotal)}
              stroke="#2b7a3d"
              strokeDasharray="6 4"
              strokeWidth="1.5"
            />
          ) : null}
          <rect
            x={plot.left}
            y={plot.top}
            width={plot.right - plot.left}
            height={plot.bottom - plot.top}
            fill="none"
            stroke="#8a8a8a"
          />
          {scoreTicks(yAxis).map((v) => (
            <g key={v}>
              <line x1={plot.left - 4} x2={plot.left} y1={y(v)} y2={y(v)} stroke="#5c5c5c" />
              <text x={plot.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#3d3d3d">
                {v}
              </text>
            </g>
          ))}
          {xAxis
            ? dateTicks(xAxis).map((t) => (
                <g key={t}>
                  <line x1={x(t)} x2={x(t)} y1={plot.bottom} y2={plot.bottom + 4} stroke="#5c5c5c" />
                  <text
                    x={x(t)}
                    y={plot.bottom + 16}
                    textAnchor={x(t) > plot.right - 24 ? 'end' : x(t) < plot.left + 24 ? 'start' : 'middle'}
                    fontSize="11"
                    fill="#3d3d3d"
                  >
                    {clinicFormat().dayMonth(new Date(t).toISOString())}
                  </text>
                </g>
              ))
            : null}
          {started.map((s) => {
            const sx = x(Date.parse(s.startsAt));
            return (
              <g key={s.id}>
                <line x1={sx} x2={sx} y1={plot.top} y2={plot.bottom} stroke={SESSION} strokeOpacity="0.25" />
                <path d={`M ${sx} ${plot.bottom + 20} l -5 9 l 10 0 z`} fill={SESSION} />
                <title>{`Session ${s.number ?? ''} ${formatDateTime(s.startsAt)}`}</title>
              </g>
            );
          })}
          {points.length > 1 ? <polyline points={line} fill="none" stroke={LINE} strokeWidth="2" /> : null}
          {points.map((p) => {
            const px = x(Date.parse(p.at));
            const py = y(p.total);
            const isBaseline = isAt(summary.baseline?.at, p.at);
            const isResponse = isAt(summary.responseAt, p.at);
            const isRemission = isAt(summary.remissionAt, p.at);
            return (
              <g key={p.measureId}>
                {isBaseline ? (
                  <rect x={px - 7} y={py - 7} width="14" height="14" fill="none" stroke="#000" strokeWidth="2" />
                ) : null}
                {isResponse ? <circle cx={px} cy={py} r="9" fill="none" stroke="#b35c00" strokeWidth="2.5" /> : null}
                {isRemission ? <path d={`M ${px} ${py - 12} l 4 4 l -4 4 l -4 -4 z`} fill="#2b7a3d" /> : null}
                <circle cx={px} cy={py} r="4.5" fill={LINE} stroke="#fff" strokeWidth="1.5" />
              </g>
            );
          })}
        </svg>
      </Box>
      <Group gap="md" mt="xs" wrap="wrap" aria-label="Legend" role="list">
        <LegendItem symbol={<circle cx="8" cy="8" r="4.5" fill={LINE} />} label="Score" />
        <LegendItem
          symbol={<rect x="2" y="2" width="12" height="12" fill="none" stroke="#000" strokeWidth="2" />}
          label="Baseline"
        />
        <LegendItem
          symbol={<circle cx="8" cy="8" r="6" fill="none" stroke="#b35c00" strokeWidth="2.5" />}
          label="Response (≥ 50% fall)"
        />
        <LegendItem symbol={<path d="M 8 2 l 5 6 l -5 6 l -5 -6 z" fill="#2b7a3d" />} label="Remission" />
        {trajectory.remissionMaxTotal !== null ? (
          <LegendItem
            symbol={<line x1="0" x2="16" y1="8" y2="8" stroke="#2b7a3d" strokeDasharray="4 3" strokeWidth="2" />}
            label={`Remission threshold (≤ ${trajectory.remissionMaxTotal})`}
          />
        ) : null}
        <LegendItem symbol={<path d="M 8 3 l -5 9 l 10 0 z" fill={SESSION} />} label="Treatment session" />
        <LegendItem
          symbol={<rect x="0" y="2" width="16" height="12" fill={BAND_FILLS[0]} stroke="#8a8a8a" />}
          label="Severity bands (shaded)"
        />
      </Group>
      <Text size="sm" mt="xs" data-testid={`trajectory-summary-${trajectory.instrument}`}>
        {text}
      </Text>
      {summary.notes.length > 0 ? (
        <Text size="xs" c="dimmed" mt={4}>
          {summary.notes.join(' ')}
        </Text>
      ) : null}
      <details>
        <summary>
          <Text span size="sm" fw={600}>{`${trajectory.shortName} scores as a table`}</Text>
        </summary>
        <DataTable
          caption={`${trajectory.shortName} scores`}
          columns={['When', 'Score', 'Band', 'Context']}
          minWidth={360}
          verticalSpacing="xs"
        >
          {[...points].reverse().map((p) => (
            <Table.Tr key={p.measureId}>
              <Table.Td>{shortDate(p.at)}</Table.Td>
              <Table.Td>{p.total}</Table.Td>
              <Table.Td>{trajectory.bands.find((b) => b.code === p.band)?.label ?? p.band ?? '—'}</Table.Td>
              <Table.Td>{MEASURE_CONTEXT_LABELS[p.context] ?? p.context}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </details>
    </Box>
  );
}

function LegendItem({ symbol, label }: { symbol: ReactNode; label: string }) {
  return (
    <Group gap={6} wrap="nowrap" role="listitem">
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        {symbol}
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/** The chart in words: latest score and band, baseline, change, response and remission, sessions. */
export function trajectorySummary(t: InstrumentTrajectory, sessionCount: number): string {
  const s = t.summary;
  const parts: string[] = [];
  const latestPoint = t.points.at(-1);
  if (latestPoint) {
    const band = t.bands.find((b) => b.code === latestPoint.band)?.label;
    parts.push(
      `Latest ${t.shortName} score ${latestPoint.total}${band ? ` (${band.toLowerCase()})` : ''} on ${formatDateTime(latestPoint.at)}.`,
    );
  }
  parts.push(
    `${countOf(t.points.length, 'score', 'scores')}, ${countOf(sessionCount, 'treatment session', 'treatment sessions')}.`,
  );
  if (s.baseline) {
    const change =
      s.percentChange !== null ? ` (${s.percentChange > 0 ? '+' : ''}${Math.round(s.percentChange)}%)` : '';
    parts.push(
      `Baseline ${s.baseline.total} on ${formatDateTime(s.baseline.at)}; change ${(s.change ?? 0) > 0 ? '+' : ''}${s.change ?? 0}${change}.`,
    );
  } else {
    parts.push('No baseline yet.');
  }
  if (s.responseAt)
    parts.push(
      `Response reached ${formatDateTime(s.responseAt)}${s.rapidResponse ? ' (rapid response)' : ''}; ${s.isRespondingNow ? 'responding now' : 'not responding now'}.`,
    );
  else if (s.baseline) parts.push('No response yet.');
  if (s.remissionAt)
    parts.push(
      `Remission reached ${formatDateTime(s.remissionAt)}; ${s.isRemittedNow ? 'in remission now' : 'not in remission now'}.`,
    );
  if (s.relapseAt) parts.push(`Relapse ${formatDateTime(s.relapseAt)}.`);
  return parts.join(' ');
}
