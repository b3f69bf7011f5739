import { describe, expect, it } from 'vitest';
import { checkboxFields, textField, textFields } from './forms';

interface Draft {
  county: string;
  reportedToPolice: boolean;
}

describe('a text input tied to one value', () => {
  it('gives the input the value and its error, and stores what is typed', () => {
    let stored = 'old';
    const props = textField(stored, (value) => (stored = value), 'Enter the method.');
    expect(props).toMatchObject({ value: 'old', error: 'Enter the method.' });
    props.onChange({ currentTarget: { value: 'incinerated' } });
    expect(stored).toBe('incinerated');
  });
});

describe('text inputs tied to a draft', () => {
  it("gives an input the draft's text and the error under the field's own name", () => {
    const field = textFields<Draft>({ county: 'Kings', reportedToPolice: false }, () => undefined, {
      county: 'Too long.',
    });
    expect(field('county')).toMatchObject({ value: 'Kings', error: 'Too long.' });
  });

  it('reads the error under another key when the server names the field differently', () => {
    const field = textFields<Draft>({ county: '', reportedToPolice: false }, () => undefined, {
      county: 'not this one',
      'form106.county': 'This field is required.',
    });
    expect(field('county', 'form106.county').error).toBe('This field is required.');
  });

  it('writes what is typed into that field only, keeping the rest of the draft', () => {
    let draft: Draft = { county: 'Kings', reportedToPolice: true };
    const field = textFields(draft, (update) => (draft = update(draft)), {});
    field('county').onChange({ currentTarget: { value: 'Queens' } });
    expect(draft).toEqual({ county: 'Queens', reportedToPolice: true });
  });
});

describe('checkboxes tied to a draft', () => {
  it("gives a checkbox the draft's value and writes a tick into that field only", () => {
    let draft: Draft = { county: 'Kings', reportedToPolice: false };
    const flag = checkboxFields(draft, (update) => (draft = update(draft)));
    expect(flag('reportedToPolice').checked).toBe(false);
    flag('reportedToPolice').onChange({ currentTarget: { checked: true } });
    expect(draft).toEqual({ county: 'Kings', reportedToPolice: true });
  });
});
