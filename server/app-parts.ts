import type { EventConfig } from '../shared/event-config.js';
import type { CurrentEvent } from './event/current.js';
import type { GroupCommitter } from './store/committer.js';
import type { Store } from './store/types.js';

/**
 * What `createApp` builds once and hands to the features. A feature's deps pick the parts it
 * uses, so that each part has one type wherever it is passed.
 */
export interface AppParts {
  store: Store;
  committer: GroupCommitter;
  /** `current.live`: reads the stored event on every access, so it follows each edit. */
  event: EventConfig;
  /** The stored, versioned event. */
  current: CurrentEvent;
  now: () => Date;
}
