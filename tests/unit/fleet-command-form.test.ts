import { describe, expect, it } from 'vitest';
import { commandFrom, type CommandForm } from '../../client/organizer/fleet-form.js';

const profileForm: CommandForm = { kind: 'profile', text: '', seconds: 300, venue: 'v2', lang: 'en', scenes: 'headline:20', theme: 'light', compare: '', clearProfile: false };

describe("the fleet command form's profile", () => {
  it('carries no edition unless one is chosen', () => {
    expect(commandFrom(profileForm)).toEqual({ kind: 'profile', profile: { venue: 'v2', lang: 'en', scenes: [{ name: 'headline', seconds: 20 }], theme: 'light' } });
  });

  it('carries the chosen archived edition for the cumulative chart', () => {
    expect(commandFrom({ ...profileForm, compare: 'wie-2023' })).toMatchObject({ kind: 'profile', profile: { compare: 'wie-2023' } });
  });

  it('clears the profile whatever else the form holds', () => {
    expect(commandFrom({ ...profileForm, compare: 'wie-2023', clearProfile: true })).toEqual({ kind: 'profile', profile: null });
  });
});
