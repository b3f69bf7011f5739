import type { Modality } from '../protocols/modality.js';

/**
 * Consent documents, written for this project in plain language. Each is versioned: a change of wording is a new
 * version (a new entry), never an edit of a signed one, because a signature records the version and the SHA-256 of
 * what the patient read. The texts describe the shipped protocol defaults; a clinic that changes those should
 * publish its own version.
 */
export interface ConsentDocument {
  readonly id: string;
  readonly modality: Modality;
  /** Semantic version, e.g. '1.0.0'. */
  readonly version: string;
  readonly effectiveDate: string;
  readonly title: string;
  /** Markdown. */
  readonly body: string;
}

const DRIVING = `## Getting home: no driving
You must not drive, cycle, or operate machinery until the next day, after a night's sleep, even if you feel
normal. Ketamine affects judgement and reaction time for hours after the session. Before each session the clinic
will confirm that an adult is taking you home. If nobody is available, the session will be rescheduled.`;

const STOP_AND_QUESTIONS = `## Your choices
Taking part is your decision. You may ask questions at any time, ask for a session to stop, or stop the course
altogether; stopping will not affect the rest of your care here. If your health, medicines or pregnancy status
change, tell the team before your next session.

## In a crisis
If you have thoughts of harming yourself between sessions, call the crisis line on the card the clinic gives you,
or your local emergency number, straight away.`;

const COMMON_RISKS = `- **Dissociation and altered perception.** Most people feel detached from their body or surroundings, see
  colours or shapes, or notice time and sounds behaving strangely. This is expected, usually peaks during dosing
  and fades within an hour or two. For some people it is frightening; staff stay with you and can pause or stop.
- **Sleepiness (sedation).** You may become very drowsy. Rarely people become hard to rouse. This is one
  reason you are watched until you are clearly awake and steady.
- **Blood pressure and heart rate.** Both usually rise during and shortly after dosing, typically peaking
  around 40 minutes and settling over the following hours. We check your blood pressure before, during and
  after. If it is too high beforehand, the session may be postponed. A large rise can be dangerous for people
  with certain blood-vessel or heart conditions, which is why we asked about them.
- **Nausea and vomiting.** Common; an empty stomach lowers the chance, and medicine for it is available.
- **Headache, dizziness, blurred vision, poor coordination** for a few hours.
- **Bladder effects.** Frequent or long-term ketamine use, mostly seen with misuse, can inflame and damage the
  bladder (urgency, pain, blood in the urine). Tell us about any new urinary symptoms.
- **Misuse and dependence.** Ketamine can be misused and can cause psychological dependence. It is given only
  here, under supervision. Tell us if you find yourself craving it or using it elsewhere.
- **Memory and thinking.** Short-term effects on concentration are common on the day. Long-term effects of
  repeated treatment are not fully known.
- **Mood.** Some people feel anxious or low after a session. Rarely depression or suicidal thoughts get worse.
  Tell us about any worsening straight away.
- **Pregnancy and breastfeeding.** Ketamine may harm an unborn baby. Tell us if you are or could be pregnant,
  or if you are breastfeeding.`;

const PREPARE_KETAMINE = `## Before each session
- Do not eat for 4 hours and do not drink anything for 1 hour beforehand (this clinic's rule, to reduce nausea).
- Take your usual medicines unless the prescriber has told you otherwise. Some medicines (for example
  benzodiazepines, lamotrigine, stimulants, opioids and MAO inhibitors) may make ketamine less effective or less
  safe; the prescriber will go through yours.
- Arrange your ride home (see below).`;

const MOOD_ALTERNATIVES = `## Other options
You do not have to have ketamine. Other treatments for depression include other antidepressant medicines or
combinations, talking therapies, esketamine nasal spray (an approved ketamine-related medicine), transcranial
magnetic stimulation (TMS) and electroconvulsive therapy (ECT). You can also choose no new treatment. The
prescriber will discuss which of these suit you.`;

const OFF_LABEL = `## Approval status: off-label use
Ketamine is approved in the United States as an anaesthetic. Using it for depression, anxiety, PTSD or
suicidal thoughts is **off-label**: doctors may prescribe it this way, but the FDA has not reviewed or approved
this use, the best dose and schedule are not settled, and long-term effects of repeated treatment are not well
studied. Insurance may not cover it.`;

const IV_KETAMINE: ConsentDocument = {
  id: 'consent-iv-ketamine',
  modality: 'iv-ketamine',
  version: '1.0.0',
  effectiveDate: '2025-01-01',
  title: 'Consent to intravenous ketamine treatment for depression and related conditions',
  body: `# Intravenous ketamine for depression and related conditions

## What the treatment is
Ketamine is a medicine that acts on the brain's glutamate system. In low doses, given slowly into a vein, it can
reduce symptoms of depression within hours to days in some people who have not improved with other treatments.
Not everyone responds, and the benefit of a single infusion usually fades within days to weeks, which is why a
series of infusions is usually planned.

## What happens
A small tube (cannula) is placed in a vein in your arm. The usual dose is 0.5 mg per kg of body weight, given by
a pump over about 40 minutes. A typical first course is six infusions over two to three weeks, at least two days
apart; the prescriber may adjust the dose between sessions within the clinic's limits. After the infusion you stay
in the clinic, usually for about an hour, until you are alert and your blood pressure has settled.

${OFF_LABEL}

## What you may feel
During the infusion you may feel floaty, dreamy, numb or detached. Many people find this manageable, some find it
pleasant and some find it unsettling. These effects wear off soon after the infusion ends.

## Risks and side effects
${COMMON_RISKS}

${PREPARE_KETAMINE}

${DRIVING}

${MOOD_ALTERNATIVES}

${STOP_AND_QUESTIONS}
`,
};

const IM_KETAMINE: ConsentDocument = {
  id: 'consent-im-ketamine',
  modality: 'im-ketamine',
  version: '1.0.0',
  effectiveDate: '2025-01-01',
  title: 'Consent to intramuscular ketamine treatment for depression and related conditions',
  body: `# Intramuscular ketamine for depression and related conditions

## What the treatment is
Ketamine is a medicine that acts on the brain's glutamate system. Given in low doses it can reduce depressive
symptoms quickly in some people who have not improved with other treatments. Here it is given as an injection
into a muscle (usually the upper arm), which makes its effects start faster and fade sooner than an infusion.

## What happens
The prescriber sets your dose from your weight. After the injection you rest in a chair while staff watch you,
usually for about two hours, until you are alert and your blood pressure has settled. Because the whole dose is
given at once, effects come on within minutes and can be stronger at first than with an infusion, and the dose
cannot be slowed once given.

${OFF_LABEL}

## What you may feel
Within a few minutes you may feel floaty, dreamy, numb or detached. These effects are strongest early and wear
off over the next hour.

## Risks and side effects
${COMMON_RISKS}
- **Injection site** soreness or bruising.

${PREPARE_KETAMINE}

${DRIVING}

${MOOD_ALTERNATIVES}

${STOP_AND_QUESTIONS}
`,
};

const ESKETAMINE: ConsentDocument = {
  id: 'consent-esketamine-nasal',
  modality: 'esketamine-nasal',
  version: '1.0.0',
  effectiveDate: '2025-01-01',
  title: 'Consent to esketamine nasal spray (Spravato) treatment',
  body: `# Esketamine nasal spray (Spravato)

## What the treatment is
Esketamine is one half (one mirror-image form) of the ketamine molecule, made as a nasal spray. It is approved by
the FDA for adults with depression that has not improved enough after at least two antidepressants
(treatment-resistant depression), and to reduce depressive symptoms in adults with major depression who have
suicidal thoughts or actions. It is used with, or sometimes instead of, an antidepressant taken by mouth.

## Approval status and safety programme
Unlike ketamine infusions, esketamine nasal spray is **approved** for these uses. Because of sedation,
dissociation, breathing effects and misuse risk, it is only available through a restricted safety programme
(the SPRAVATO REMS): you will be enrolled before your first treatment, it is only given in a certified clinic,
and the clinic reports on each session.

## What happens
You spray the medicine into your own nose under a staff member's supervision. Each device gives 28 mg (one spray
in each nostril); most doses use two or three devices, five minutes apart. For treatment-resistant depression the
usual schedule is twice a week for four weeks (56 mg on the first day, then 56 or 84 mg), then weekly for four
weeks, then every one or two weeks. You stay in the clinic for **at least two hours** after the last device while
staff check your alertness, breathing (with a finger oxygen monitor) and blood pressure, and you go home only when
they judge you ready.

## What you may feel
Feeling detached, dreamy, dizzy or numb is common and usually peaks within the first hour and fades within two.

## Risks and side effects
${COMMON_RISKS}
- **Breathing.** Esketamine can slow breathing, especially with other sedating medicines; this is checked during
  every session.
- **Young adults.** Like other antidepressants, esketamine may increase suicidal thoughts in people aged 24 and
  under; it is not approved for under-18s.

## Before each session
- Do not eat for 2 hours and do not drink anything for 30 minutes beforehand, to lower the chance of being sick.
- If you use a steroid or decongestant nasal spray, use it at least 1 hour before your session.
- Tell us about any new medicines, especially sedatives, opioids, stimulants or MAO inhibitors.
- Arrange your ride home (see below).

${DRIVING}

## Other options
You do not have to have esketamine. Other options include other antidepressant medicines or combinations,
talking therapies, ketamine infusions (off-label), transcranial magnetic stimulation (TMS) and electroconvulsive
therapy (ECT), or no new treatment. The prescriber will discuss which suit you.

${STOP_AND_QUESTIONS}
`,
};

const KAP: ConsentDocument = {
  id: 'consent-kap',
  modality: 'kap',
  version: '1.0.0',
  effectiveDate: '2025-01-01',
  title: 'Consent to ketamine-assisted psychotherapy',
  body: `# Ketamine-assisted psychotherapy (KAP)

## What the treatment is
Ketamine-assisted psychotherapy combines talking therapy with low doses of ketamine. Ketamine is taken as a
lozenge dissolved in the mouth or as an injection into a muscle, in a quiet room with a therapist present. The
aim is to use the altered state, and the days after it, to work on what brought you to therapy.

## What happens
First you meet your therapist for a preparation session to agree goals and what to expect. Then come dosing
sessions, usually weekly: you take the prescribed dose, and the therapist stays with you for about two hours
while the effects come and go. A separate integration session soon after each dose helps you make sense of the
experience. The prescriber sets the dose; there is no standard dose for this use.

${OFF_LABEL}

## What you may feel
Feelings of floating, dreaming, strong emotions, memories or images are common, and can be pleasant, difficult or
both. The therapist will not leave you alone during the dosing session.

## Risks and side effects
${COMMON_RISKS}
- **Emotional intensity.** Difficult memories or feelings can come up during or after sessions. Integration
  sessions are there to help; contact the team if you are struggling between sessions.

${PREPARE_KETAMINE}

${DRIVING}

## Other options
You do not have to have ketamine. Other options include psychotherapy without ketamine, antidepressant or other
medicines, esketamine nasal spray (approved for some kinds of depression), TMS and ECT, or no new treatment. The
team will discuss which suit you.

${STOP_AND_QUESTIONS}
`,
};

const IV_PAIN: ConsentDocument = {
  id: 'consent-iv-ketamine-pain',
  modality: 'iv-ketamine-pain',
  version: '1.0.0',
  effectiveDate: '2025-01-01',
  title: 'Consent to intravenous ketamine infusions for chronic pain',
  body: `# Intravenous ketamine for chronic pain

## What the treatment is
Ketamine blocks NMDA receptors, which are involved in how the nervous system amplifies long-lasting pain. Low-dose
ketamine infusions can reduce some kinds of chronic pain, with the best evidence in complex regional pain
syndrome (CRPS). Relief, when it comes, may last days to weeks; not everyone benefits.

## What happens
A cannula is placed in a vein and ketamine is given slowly by pump. A common course for CRPS is an infusion of
about 4 hours a day for up to 10 days; your prescriber will set the dose from your weight and may change it within
the clinic's limits. You stay in the clinic afterwards, usually for about an hour, until you are alert and your
blood pressure has settled.

## Approval status: off-label use
Ketamine is approved in the United States as an anaesthetic. Using low-dose infusions for chronic pain is
**off-label**: the FDA has not reviewed this use, the best dose and schedule are not settled, and the long-term
effects of repeated courses are not well studied. Insurance may not cover it.

## What you may feel
During the infusion you may feel floaty, dreamy, numb or detached. These effects wear off after the infusion.

## Risks and side effects
${COMMON_RISKS}
- **With opioids or other sedatives**, which many people with chronic pain take, sleepiness and slowed breathing
  are more likely; you are monitored throughout.
- **Liver.** Repeated or high-dose courses can affect the liver; blood tests may be advised.

${PREPARE_KETAMINE}

${DRIVING}

## Other options
You do not have to have ketamine. Other options for chronic pain include physiotherapy and graded activity,
pain medicines, nerve blocks, spinal cord stimulation, psychological pain programmes, or no new treatment. Your
pain specialist will discuss which suit you.

${STOP_AND_QUESTIONS}
`,
};

/** Every consent document, all versions. The current one for a modality is its highest version. */
export const CONSENT_DOCUMENTS: readonly ConsentDocument[] = [IV_KETAMINE, IM_KETAMINE, ESKETAMINE, KAP, IV_PAIN];
