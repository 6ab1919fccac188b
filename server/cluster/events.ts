/** Events between Pavilion instances (Socket.IO serverSideEmit); screens never see them. */
export const ClusterEvents = {
  /** An instance committed changes up to this seq; the others read them from the database. */
  committed: 'cluster:committed',
} as const;
