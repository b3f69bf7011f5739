/**
 * The predicted plasma ketamine concentration for the planned and the actual infusion, drawn as plain SVG from the
 * domain's PK model (pk-curve.ts). The model and its citation are named on the chart, with the line that it informs
 * and never sets a dose.
 */
import { useMemo } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { niceTicks, pkCurves, polylinePoints } from './pk-curve';
import type { TreatmentView } from './treatment-day.api';

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 20, bottom: 44, left: 64 };

export function PkChart({ view, now }: { view: TreatmentView; now: number }) {
  const weightKg = view.dose?.weightKg ?? view.checkIn?.weightKg;
  const doseMg =
    view.dose?.doseMg ?? (view.session.plannedDoseMg === null ? undefined : Number(view.session.plannedDoseMg));
  const durationMin = view.dose?.plannedDurationMin ?? view.session.plannedDurationMin ?? undefined;
  // Recomputed each minute (the actual curve grows while the infusion runs).
  const minute = Math.floor(now / 60_000);
  const curves = useMemo(() => {
    if (weightKg === undefined || !doseMg || !durationMin) return null;
    return pkCurves({ weightKg, doseMg, durationMin, timeline: view.timeline, now: new Date(minute * 60_000) });
  }, [weightKg, doseMg, durationMin, view.timeline, minute]);

  if (!curves) {
    return (
      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h4">
          Predicted plasma concentration
        </Title>
        <Text size="sm">
          The curve needs the planned dose, the infusion time and the patient's weight (record the weight at check-in).
        </Text>
      </Paper>
    );
  }
  const { planned, actual } = curves;
  const maxC = Math.max(planned.peak.ngPerMl, actual?.peak.ngPerMl ?? 0);
  const yTicks = niceTicks(maxC, 5);
  const yMax = yTicks.at(-1) ?? 1;
  const xTicks = niceTicks(curves.untilMin, 8).filter((t) => t <= curves.untilMin);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + (t / curves.untilMin) * plotW;
  const y = (c: number) => MARGIN.top + plotH - (c / yMax) * plotH;
  const round = (n: number) => Math.round(n);
  const summary =
    `Planned peak ${round(planned.peak.ngPerMl)} ng/mL at ${round(planned.peak.tMin)} min` +
    (actual
      ? `; actual so far peaks at ${round(actual.peak.ngPerMl)} ng/mL at ${round(actual.peak.tMin)} min`
      : '; the infusion has not started');
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="pk-chart-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="pk-chart-title">
          Predicted plasma concentration
        </Title>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-label={`Predicted ketamine plasma concentration. ${summary}.`}
          style={{ maxWidth: WIDTH }}
        >
          {yTicks.map((t) => (
            <g key={`y${t}`}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" />
              <text x={MARGIN.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#495057">
                {t}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <g key={`x${t}`}>
              <line x1={x(t)} x2={x(t)} y1={MARGIN.top + plotH} y2={MARGIN.top + plotH + 4} stroke="#495057" />
              <text x={x(t)} y={MARGIN.top + plotH + 16} textAnchor="middle" fontSize="11" fill="#495057">
                {t}
              </text>
            </g>
          ))}
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotH} stroke="#495057" />
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={MARGIN.top + plotH}
            y2={MARGIN.top + plotH}
            stroke="#495057"
          />
          <text x={MARGIN.left + plotW / 2} y={HEIGHT - 6} textAnchor="middle" fontSize="12" fill="#212529">
            Minutes from the infusion start
          </text>
          <text
            transform={`translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)`}
            textAnchor="middle"
            fontSize="12"
            fill="#212529"
          >
            ng/mL
          </text>
          <polyline
            points={polylinePoints(planned.points, x, y)}
            fill="none"
            stroke="#5c5f66"
            strokeWidth="2"
            strokeDasharray="6 4"
          />
          {actual ? (
            <polyline points={polylinePoints(actual.points, x, y)} fill="none" stroke="#1864ab" strokeWidth="2.5" />
          ) : null}
          {curves.nowMin !== null ? (
            <line
              x1={x(curves.nowMin)}
              x2={x(curves.nowMin)}
              y1={MARGIN.top}
              y2={MARGIN.top + plotH}
              stroke="#c92a2a"
              strokeDasharray="2 3"
            />
          ) : null}
          <g transform={`translate(${WIDTH - MARGIN.right - 190} ${MARGIN.top + 6})`}>
            <line x1="0" x2="24" y1="6" y2="6" stroke="#5c5f66" strokeWidth="2" strokeDasharray="6 4" />
            <text x="30" y="10" fontSize="11" fill="#212529">
              Planned infusion
            </text>
            <line x1="0" x2="24" y1="22" y2="22" stroke="#1864ab" strokeWidth="2.5" />
            <text x="30" y="26" fontSize="11" fill="#212529">
              Actual infusion (so far)
            </text>
            {curves.nowMin !== null ? (
              <>
                <line x1="0" x2="24" y1="38" y2="38" stroke="#c92a2a" strokeDasharray="2 3" />
                <text x="30" y="42" fontSize="11" fill="#212529">
                  Now
                </text>
              </>
            ) : null}
          </g>
        </svg>
        <Text size="sm" component="figcaption">
          {summary}. Weight {planned.weightKg} kg, planned {doseMg} mg over {durationMin} min.
        </Text>
        <Text size="sm">
          Model: {planned.model.name}. Source: {planned.model.citation.source}; parameters:{' '}
          {planned.model.parameterSource.source}.
        </Text>
        <Text size="sm" fw={700}>
          {planned.disclaimer}
        </Text>
      </Stack>
    </Paper>
  );
}
