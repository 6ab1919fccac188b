import type { SceneName, SceneSpec } from './options.js';

/**
 * The scene on screen `elapsedMs` after start. Derived from the clock rather than kept
 * by a timer, so a throttled or suspended tab resumes on the right scene.
 */
export function sceneAt(elapsedMs: number, scenes: readonly SceneSpec[]): SceneSpec {
  const cycleMs = scenes.reduce((sum, s) => sum + s.seconds * 1000, 0);
  let t = cycleMs > 0 ? elapsedMs % cycleMs : 0;
  for (const scene of scenes) {
    if (t < scene.seconds * 1000) return scene;
    t -= scene.seconds * 1000;
  }
  return scenes[0]!;
}

/** Each scene once, in first-mention order: scenes stay mounted so charts are created once. */
export function uniqueScenes(scenes: readonly SceneSpec[]): SceneName[] {
  return [...new Set(scenes.map((s) => s.name))];
}
