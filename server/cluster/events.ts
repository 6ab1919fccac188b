/** Events between Pavilion instances (Socket.IO serverSideEmit); screens never see them. */
export const ClusterEvents = {
  /** An instance committed changes up to this seq; the others read them from the database. */
  committed: 'cluster:committed',
  /** A fleet command was stored; each instance tells its own screens. Acked with how many it reached. */
  fleetCommanded: 'cluster:fleet-commanded',
  /** Each instance answers with the screens connected to it. */
  fleetScreens: 'cluster:fleet-screens',
} as const;
