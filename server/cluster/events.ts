/** Events between Pavilion instances (Socket.IO serverSideEmit); screens never see them. */
export const ClusterEvents = {
  /** An instance committed changes up to this seq; the others read them from the database. */
  committed: 'cluster:committed',
  /** A fleet command was stored; each instance tells its own screens. Acked with how many it reached. */
  fleetCommanded: 'cluster:fleet-commanded',
  /** Each instance answers with the screens connected to it. */
  fleetScreens: 'cluster:fleet-screens',
  /** Whether an instance shows a pairing code now; acked true by the one that does. */
  fleetShowsCode: 'cluster:fleet-shows-code',
  /** Pairs the page showing a code with its credential; acked true by the instance that did. */
  fleetPair: 'cluster:fleet-pair',
} as const;
