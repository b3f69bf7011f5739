/**
 * What must be confirmed before a session (a ride home, the fasting instructions, …), each marked Confirmed or
 * Missing, with a Confirm button on a missing one that staff confirm by hand when `mayConfirm`. `dense` is the day
 * list's summary: smaller badges and buttons, and the instructions only for what is still missing. `patientName`
 * goes into each Confirm button's name where several patients' lists stand on one page.
 */
import { Badge, Box, Button, Group, List, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isConfirmableReminder, useConfirmReminder, type ReminderItem } from './schedule.api';

export function ReminderChecklist({
  sessionId,
  items,
  mayConfirm,
  patientName,
  dense = false,
}: {
  readonly sessionId: string;
  readonly items: readonly ReminderItem[];
  readonly mayConfirm: boolean;
  readonly patientName?: string;
  readonly dense?: boolean;
}) {
  const confirm = useConfirmReminder(sessionId);
  return (
    <>
      <List spacing={dense ? 6 : 'xs'} size="sm" listStyleType="none" ml={0} pl={0}>
        {items.map((item) => (
          <List.Item key={item.code}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Badge
                size={dense ? 'sm' : 'md'}
                color={item.status === 'confirmed' ? 'green' : 'orange'}
                variant="light"
                style={{ flexShrink: 0 }}
              >
                {item.status === 'confirmed' ? 'Confirmed' : 'Missing'}
              </Badge>
              <Box style={{ flexGrow: 1 }}>
                <Text size="sm" {...(dense ? {} : { fw: 600 })}>
                  {item.label}
                </Text>
                {item.status === 'missing' || !dense ? (
                  <Text size="xs" c="dimmed">
                    {item.instructions}
                  </Text>
                ) : null}
              </Box>
              {item.status === 'missing' && mayConfirm && isConfirmableReminder(item.code) ? (
                <Button
                  size={dense ? 'compact-sm' : 'xs'}
                  variant="light"
                  style={{ flexShrink: 0 }}
                  loading={confirm.isPending && confirm.variables?.code === item.code}
                  onClick={() => {
                    if (isConfirmableReminder(item.code)) confirm.mutate({ code: item.code });
                  }}
                  aria-label={`Confirm: ${item.label}${patientName ? ` for ${patientName}` : ''}`}
                >
                  Confirm
                </Button>
              ) : null}
            </Group>
          </List.Item>
        ))}
      </List>
      <ErrorAlert error={confirm.error} title="The reminder was not confirmed" />
    </>
  );
}
