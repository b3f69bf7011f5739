/** Small pieces shared by the eligibility views: the decision badge and the list of reasons with their sources. */
import { Anchor, Badge, Group, List, Text } from '@mantine/core';
import type { DecisionValue, Reason } from './intake.api';

export const DECISION_LABELS: Readonly<Record<DecisionValue, string>> = {
  eligible: 'Eligible',
  review: 'Needs review',
  ineligible: 'Ineligible',
};

const DECISION_COLOURS: Readonly<Record<DecisionValue, string>> = {
  eligible: 'green',
  review: 'orange',
  ineligible: 'red',
};
const SEVERITY_COLOURS: Readonly<Record<Reason['severity'], string>> = {
  absolute: 'red',
  relative: 'orange',
  info: 'gray',
};

export function DecisionBadge({ decision }: { decision: DecisionValue }) {
  return (
    <Badge color={DECISION_COLOURS[decision]} variant="filled" size="lg">
      {DECISION_LABELS[decision]}
    </Badge>
  );
}

/** Each reason: its severity, what it says, and the source the rule cites. */
export function ReasonList({ reasons, label }: { reasons: readonly Reason[]; label: string }) {
  if (reasons.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No rule applies: nothing stands in the way.
      </Text>
    );
  return (
    <List spacing="sm" size="sm" aria-label={label} listStyleType="none" ml={0} pl={0}>
      {reasons.map((reason) => (
        <List.Item key={reason.code}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Badge color={SEVERITY_COLOURS[reason.severity]} variant="light" style={{ flexShrink: 0 }}>
              {reason.severity}
            </Badge>
            <div>
              <Text size="sm">{reason.message}</Text>
              <Text size="xs" c="dimmed">
                Source:{' '}
                {reason.source.url ? (
                  <Anchor href={reason.source.url} target="_blank" rel="noreferrer" size="xs">
                    {reason.source.source}
                  </Anchor>
                ) : (
                  reason.source.source
                )}
                {reason.source.detail ? ` (${reason.source.detail})` : ''}
              </Text>
            </div>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
