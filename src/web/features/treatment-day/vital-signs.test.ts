import { describe, expect, it } from 'vitest';
import { enteredVitalSigns, NO_VITAL_SIGNS } from './vital-signs';

describe('the vital signs entered on a form', () => {
  it('are the readings typed, as numbers, in the order they are typed', () => {
    expect(Object.entries(enteredVitalSigns({ ...NO_VITAL_SIGNS, spo2: '97', systolic: 128, heartRate: 0 }))).toEqual([
      ['systolic', 128],
      ['heartRate', 0],
      ['spo2', 97],
    ]);
  });

  it('are none when nothing was typed', () => {
    expect(enteredVitalSigns(NO_VITAL_SIGNS)).toEqual({});
  });
});
