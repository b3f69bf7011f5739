/**
 * What every reminder needs of the patient (`p`) and of the clinic (`k`), whatever the visit: the columns the
 * reminders' sweep selects beside an upcoming appointment (appointments) and an upcoming plan session (scheduling),
 * each query joining `patient as p` and `clinic as k`.
 */
export const REMINDER_RECIPIENT = ['p.givenName', 'p.email', 'p.phone', 'k.name as clinicName', 'k.timeZone'] as const;
