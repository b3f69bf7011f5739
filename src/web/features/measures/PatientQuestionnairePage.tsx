import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Anchor, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../components/ErrorAlert';
import { friendlyFieldMessage } from '../../components/forms';
import { PublicHeading, PublicLinkPage } from '../../components/PublicLinkPage';
import { phoneNumberIn } from './crisis-phone';
import {
  isItemEnabled,
  usePublicLink,
  useSubmitLink,
  type CrisisResource,
  type LinkSubmitted,
  type PublicInstrument,
  type PublicLink,
} from './measures.api';
import { SubmitForm } from '../../components/SubmitForm';

type Answers = Record<string, number | boolean | undefined>;

/**
 * The patient's own page, reached from the single-use link: no account, works on a phone. Shows each
 * questionnaire with its copyright line, one item per row with large answer targets. When the answers raise a
 * suicide-risk flag, the crisis resources come first, before any thank-you.
 */
export function PatientQuestionnairePage() {
  const { token = '' } = useParams();
  const link = usePublicLink(token);
  return (
    <PublicLinkPage
      query={link}
      title="Questionnaire"
      loading="Loading your questionnaire…"
      linkName="questionnaire link"
    >
      {(data) => <LinkContent token={token} link={data} />}
    </PublicLinkPage>
  );
}

function LinkContent({ token, link }: { token: string; link: PublicLink }) {
  const submit = useSubmitLink(token);
  const [result, setResult] = useState<LinkSubmitted | null>(null);
  const [hasSeenCrisis, setHasSeenCrisis] = useState(false);

  if (result?.crisis && !hasSeenCrisis) {
    return (
      <CrisisScreen
        message={result.crisis.message}
        resources={result.crisis.resources}
        onContinue={() => setHasSeenCrisis(true)}
      />
    );
  }
  if (result) {
    return (
      <>
        <PublicHeading title="Thank you" focus />
        <Text size="lg">Your answers have been sent to {link.clinicName}. You can close this page.</Text>
        {result.crisis ? <CrisisFooter resources={result.crisis.resources} /> : null}
      </>
    );
  }
  const gone = isApiError(submit.error) && submit.error.status === 410 ? submit.error.detail : null;
  if (link.status !== 'open' || gone) {
    const isUsed = link.status === 'used' || /already/i.test(gone ?? '');
    return (
      <>
        <PublicHeading title={isUsed ? 'Already completed' : 'This link has expired'} />
        <Alert
          color={isUsed ? 'blue' : 'orange'}
          variant="light"
          role="alert"
          title={isUsed ? 'This link has already been used' : 'This link has expired'}
        >
          <Text size="lg">
            {gone ??
              link.message ??
              (isUsed
                ? 'These questionnaires have already been completed. Thank you.'
                : 'This link has expired. Please ask your clinic for a new one.')}
          </Text>
        </Alert>
        <CrisisFooter resources={link.crisisResources} />
      </>
    );
  }
  return (
    <QuestionnaireForm
      link={link}
      isPending={submit.isPending}
      error={submit.error}
      onSubmit={(responses) => submit.mutate(responses, { onSuccess: setResult })}
    />
  );
}

function QuestionnaireForm({
  link,
  isPending,
  error,
  onSubmit,
}: {
  link: PublicLink;
  isPending: boolean;
  error: unknown;
  onSubmit: (responses: Array<{ instrument: string; answers: Record<string, number | boolean> }>) => void;
}) {
  const [answers, setAnswers] = useState<Record<string, Answers>>({});
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const summaryRef = useRef<HTMLDivElement>(null);
  const serverErrors = isApiError(error) ? error.fieldErrors : [];
  const enabledItems = (instrument: PublicInstrument) =>
    instrument.items.filter((item) => isItemEnabled(item.enableWhen, answers[instrument.id] ?? {}));

  const itemError = (instrumentIndex: number, instrumentId: string, linkId: string) => {
    if (missing.has(`${instrumentId}:${linkId}`)) return 'Please choose an answer.';
    const problem = serverErrors.find((f) => f.field === `responses.${instrumentIndex}.answers.${linkId}`);
    return problem ? friendlyFieldMessage(problem.message) : undefined;
  };

  const submit = () => {
    const unanswered = new Set<string>();
    for (const instrument of link.instruments) {
      for (const item of enabledItems(instrument)) {
        if (item.required && answers[instrument.id]?.[item.linkId] === undefined)
          unanswered.add(`${instrument.id}:${item.linkId}`);
      }
    }
    setMissing(unanswered);
    if (unanswered.size > 0) {
      summaryRef.current?.scrollIntoView({ block: 'start' });
      summaryRef.current?.focus();
      return;
    }
    onSubmit(
      link.instruments.map((instrument) => {
        const sent: Record<string, number | boolean> = {};
        for (const item of enabledItems(instrument)) {
          const value = answers[instrument.id]?.[item.linkId];
          if (value !== undefined) sent[item.linkId] = value;
        }
        return { instrument: instrument.id, answers: sent };
      }),
    );
  };

  return (
    <>
      <PublicHeading
        title={
          link.instruments.length === 1
            ? `${link.instruments[0]?.shortName ?? ''} questionnaire`
            : 'Your questionnaires'
        }
      />
      <Text mb="md">
        {link.clinicName} asked you to answer{' '}
        {link.instruments.length === 1 ? 'this questionnaire' : `these ${link.instruments.length} questionnaires`}. Your
        answers go only to your care team.
      </Text>
      <SubmitForm label="Questionnaire" onSubmit={submit}>
        <Stack gap="lg">
          <div ref={summaryRef} tabIndex={-1}>
            {missing.size > 0 ? (
              <Alert color="red" variant="light" role="alert" title="Some questions are not answered">
                <Text>Please answer every question marked in red ({missing.size} left).</Text>
              </Alert>
            ) : null}
            {error && !isApiError(error) ? (
              <Alert color="red" variant="light" role="alert" title="Your answers were not sent">
                {errorMessage(error)}
              </Alert>
            ) : null}
            {isApiError(error) ? (
              <Alert color="red" variant="light" role="alert" title="Your answers were not sent">
                {error.detail}
              </Alert>
            ) : null}
          </div>
          {link.instruments.map((instrument, index) => (
            <Paper
              key={instrument.id}
              withBorder
              radius="md"
              p={{ base: 'sm', sm: 'md' }}
              component="section"
              aria-labelledby={`instrument-${instrument.id}`}
            >
              <Title order={2} size="h3" id={`instrument-${instrument.id}`}>
                {instrument.title}
              </Title>
              <Text mt="xs">{instrument.preamble}</Text>
              <Text size="sm" c="dimmed" mb="md">
                Think about: {instrument.recallPeriod}.
              </Text>
              <Stack gap="lg">
                {enabledItems(instrument).map((item) => {
                  const value = answers[instrument.id]?.[item.linkId];
                  const choices =
                    item.answerType === 'boolean'
                      ? [
                          { value: 'true', label: 'Yes' },
                          { value: 'false', label: 'No' },
                        ]
                      : item.options.map((o) => ({ value: String(o.score), label: o.label }));
                  return (
                    <Radio.Group
                      key={item.linkId}
                      label={`${item.linkId}. ${item.text}`}
                      value={value === undefined ? '' : String(value)}
                      onChange={(chosen) => {
                        const parsed = item.answerType === 'boolean' ? chosen === 'true' : Number(chosen);
                        setAnswers((a) => ({ ...a, [instrument.id]: { ...a[instrument.id], [item.linkId]: parsed } }));
                        setMissing((m) => {
                          const next = new Set(m);
                          next.delete(`${instrument.id}:${item.linkId}`);
                          return next;
                        });
                      }}
                      error={itemError(index, instrument.id, item.linkId)}
                      styles={{ label: { fontSize: 'var(--mantine-font-size-md)', fontWeight: 600, marginBottom: 6 } }}
                    >
                      <Stack gap={6}>
                        {choices.map((choice) => (
                          <Radio.Card key={choice.value} value={choice.value} radius="md" p="sm" mih={48}>
                            <Group wrap="nowrap" gap="sm">
                              <Radio.Indicator />
                              <Text>{choice.label}</Text>
                            </Group>
                          </Radio.Card>
                        ))}
                      </Stack>
                    </Radio.Group>
                  );
                })}
              </Stack>
              <Text size="xs" c="dimmed" mt="md">
                {instrument.copyright}
              </Text>
            </Paper>
          ))}
          <Button type="submit" size="lg" fullWidth loading={isPending}>
            Send my answers
          </Button>
        </Stack>
      </SubmitForm>
      <CrisisFooter resources={link.crisisResources} />
    </>
  );
}

/** Shown at once after a suicide-risk answer, before anything else. */
function CrisisScreen({
  message,
  resources,
  onContinue,
}: {
  message: string;
  resources: readonly CrisisResource[];
  onContinue: () => void;
}) {
  return (
    <section aria-labelledby="crisis-heading">
      <PublicHeading title="Please get support now" id="crisis-heading" color="red.9" focus />
      <Alert color="red" variant="light" role="alert" mb="md">
        <Text size="lg">{message}</Text>
      </Alert>
      <Stack gap="md">
        {resources.map((r) => (
          <CrisisResourceCard key={r.name} resource={r} />
        ))}
      </Stack>
      <Button mt="xl" variant="default" size="md" fullWidth onClick={onContinue}>
        I have read this
      </Button>
    </section>
  );
}

function CrisisResourceCard({ resource }: { resource: CrisisResource }) {
  const phone = phoneNumberIn(resource.contact);
  return (
    <Paper withBorder radius="md" p="md">
      <Text fw={700} size="lg">
        {resource.name}
      </Text>
      <Text size="lg" fw={600} my={4}>
        {resource.contact}
      </Text>
      <Text size="sm">{resource.description}</Text>
      <Group mt="sm" gap="sm">
        {phone ? (
          <Button component="a" href={`tel:${phone}`} color="red.9" size="md">
            Call {phone}
          </Button>
        ) : null}
        {resource.url ? (
          <Anchor href={resource.url} target="_blank" rel="noreferrer">
            {resource.url.replace(/^https?:\/\//, '')}
          </Anchor>
        ) : null}
      </Group>
    </Paper>
  );
}

function CrisisFooter({ resources }: { resources: readonly CrisisResource[] }) {
  if (resources.length === 0) return null;
  return (
    <Paper mt="xl" p="sm" radius="md" withBorder component="aside" aria-label="Crisis support">
      <Text size="sm" fw={600}>
        If you are in crisis or thinking of hurting yourself:
      </Text>
      {resources.map((r) => (
        <Text key={r.name} size="sm">
          {r.name}: {r.contact}
        </Text>
      ))}
    </Paper>
  );
}
