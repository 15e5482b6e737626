/**
 * Every collection and every index, declared once. The local cloud creates these on start;
 * `npm run build:cloud` writes them to build/database.json for the CloudBase console / CLI.
 * Each query a function makes must be served by one of these indexes.
 */
export const Collections = {
  places: 'places',
  households: 'households',
  persons: 'persons',
  reports: 'reports',
  queueItems: 'queue_items',
  staff: 'staff',
  requests: 'requests',
  requestSchedules: 'request_schedules',
  notifications: 'notifications',
  auditLog: 'audit_log',
  invites: 'invites',
  isolations: 'isolations',
  checkins: 'checkins',
  householdConflicts: 'household_conflicts',
  familyInvites: 'family_invites',
  files: 'files',
  // the desk's chunked uploads: a session per upload, its chunks until finished
  uploadSessions: 'upload_sessions',
  uploadChunks: 'upload_chunks',
  deskTickets: 'desk_tickets',
  deskSessions: 'desk_sessions',
  placeJobs: 'place_jobs',
  retiredCodes: 'retired_codes',
  ledgerProfiles: 'ledger_profiles',
  exportJobs: 'export_jobs',
  exportParts: 'export_parts',
  ledgerBases: 'ledger_bases',
  ledgerPrints: 'ledger_prints',
  // the dashboard (issue 14 §2): one document per place per day, and the stats job's progress per day
  dailyStats: 'daily_stats',
  statsRuns: 'stats_runs',
  // verification batches (核查批次)
  batches: 'batches',
  batchImports: 'batch_imports',
  batchChunks: 'batch_chunks',
  batchRows: 'batch_rows',
  columnProfiles: 'column_profiles',
  addressAliases: 'address_aliases',
  // short leases on a name (common/leases.ts): a room being filed into by 纳管
  leases: 'leases',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];

export interface IndexDecl {
  name: string;
  /** field paths in order with direction; an array-valued field is indexed per element (multikey) */
  fields: Array<[string, 1 | -1]>;
  unique?: boolean;
}

export interface CollectionDecl {
  name: CollectionName;
  indexes: IndexDecl[];
}

export const COLLECTIONS: CollectionDecl[] = [
  {
    name: Collections.places,
    indexes: [
      { name: 'code', fields: [['code', 1]], unique: true },
      {
        name: 'parent_level_sort',
        fields: [
          ['parentId', 1],
          ['level', 1],
          ['sort', 1],
        ],
      },
      {
        name: 'path_level_sort',
        fields: [
          ['path', 1],
          ['level', 1],
          ['sort', 1],
        ],
      },
      // the stats job walks every grid in _id order, resuming after the last one done
      { name: 'level', fields: [['level', 1]] },
    ],
  },
  {
    name: Collections.households,
    indexes: [
      // a resident's own household (one per WeChat user: a creator's household has an id derived from them)
      { name: 'owner', fields: [['ownerOpenids', 1]] },
      // the ledger export: every household under a place, paged by _id
      { name: 'path', fields: [['placePath', 1]] },
      {
        name: 'path_updated',
        fields: [
          ['placePath', 1],
          ['updatedAt', -1],
        ],
      },
    ],
  },
  {
    name: Collections.persons,
    indexes: [
      { name: 'id_hash', fields: [['id.hash', 1]], unique: true },
      { name: 'household', fields: [['householdId', 1]] },
      // the ledger export: everyone under a place, paged by _id
      { name: 'path', fields: [['placePath', 1]] },
      // a batch row without an ID finds its person by phone (and name)
      { name: 'phone_hash', fields: [['phone.hash', 1]] },
      {
        name: 'path_status',
        fields: [
          ['placePath', 1],
          ['status', 1],
        ],
      },
      // the dashboard: persons by category under a place
      {
        name: 'path_category',
        fields: [
          ['placePath', 1],
          ['category', 1],
        ],
      },
      // the ledger's "changed since my last export": persons written since under a place
      { name: 'path_updated', fields: [['placePath', 1], ['updatedAt', 1]] },
    ],
  },
  {
    name: Collections.reports,
    indexes: [
      {
        name: 'household_created',
        fields: [
          ['householdId', 1],
          ['createdAt', -1],
        ],
      },
      // superseding: the household's reports still waiting for verification
      {
        name: 'household_status',
        fields: [
          ['householdId', 1],
          ['status', 1],
        ],
      },
      {
        name: 'path_created',
        fields: [
          ['placePath', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },
  {
    name: Collections.queueItems,
    indexes: [
      // the staff tab: everything open under a place, most urgent first, then by due time
      {
        name: 'path_status_sort',
        fields: [
          ['placePath', 1],
          ['status', 1],
          ['sortKey', 1],
        ],
      },
      {
        name: 'path_status_kind_sort',
        fields: [
          ['placePath', 1],
          ['status', 1],
          ['kind', 1],
          ['sortKey', 1],
        ],
      },
      // the worker's search (a name, a room, a phone tail) in the grids of their scope; the
      // building and kind filters narrow it (one array field per index: searchKeys, not placePath)
      {
        name: 'grid_status_search_sort',
        fields: [
          ['gridId', 1],
          ['status', 1],
          ['searchKeys', 1],
          ['sortKey', 1],
        ],
      },
      {
        name: 'ref',
        fields: [
          ['refId', 1],
          ['kind', 1],
        ],
      },
      {
        name: 'household_kind_status',
        fields: [
          ['householdId', 1],
          ['kind', 1],
          ['status', 1],
        ],
      },
      // the dashboard: items raised on a day by kind (priority $in all three keeps the range exact;
      // normal-priority check-in alerts are the missed slots)
      {
        name: 'path_kind_priority_created',
        fields: [
          ['placePath', 1],
          ['kind', 1],
          ['priority', 1],
          ['createdAt', 1],
        ],
      },
      // the dashboard: items closed on a day
      {
        name: 'path_closed',
        fields: [
          ['placePath', 1],
          ['closedAt', 1],
        ],
      },
    ],
  },
  {
    name: Collections.staff,
    indexes: [
      { name: 'openid', fields: [['openid', 1]], unique: true },
      {
        name: 'scope_role_active',
        fields: [
          ['scope', 1],
          ['role', 1],
          ['active', 1],
        ],
      },
    ],
  },
  {
    name: Collections.requests,
    indexes: [
      {
        name: 'household_created',
        fields: [
          ['householdId', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'path_status_created',
        fields: [
          ['placePath', 1],
          ['status', 1],
          ['createdAt', -1],
        ],
      },
      // the stats job: a grid's requests filed on a day
      {
        name: 'path_created',
        fields: [
          ['placePath', 1],
          ['createdAt', 1],
        ],
      },
    ],
  },
  {
    name: Collections.requestSchedules,
    indexes: [
      {
        name: 'active_next',
        fields: [
          ['active', 1],
          ['nextAt', 1],
        ],
      },
    ],
  },
  {
    name: Collections.notifications,
    indexes: [
      {
        name: 'to_created',
        fields: [
          ['toOpenid', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'status_created',
        fields: [
          ['status', 1],
          ['createdAt', 1],
        ],
      },
    ],
  },
  {
    // append-only: only common/audit.ts writes here, and only with add()
    name: Collections.auditLog,
    indexes: [
      {
        name: 'target_at',
        fields: [
          ['target.id', 1],
          ['at', -1],
        ],
      },
      {
        name: 'actor_at',
        fields: [
          ['actor.staffId', 1],
          ['at', -1],
        ],
      },
    ],
  },
  {
    // looked up only by _id (derived from the hash of the invite code)
    name: Collections.invites,
    indexes: [
      {
        name: 'created_by',
        fields: [
          ['createdByStaffId', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },
  {
    name: Collections.isolations,
    indexes: [
      // the roster: active isolations under a place, soonest ending first, paged in SQL
      {
        name: 'path_status_end',
        fields: [
          ['placePath', 1],
          ['status', 1],
          ['endDate', 1],
        ],
      },
      { name: 'status', fields: [['status', 1]] },
      {
        name: 'person_status',
        fields: [
          ['personId', 1],
          ['status', 1],
        ],
      },
      {
        name: 'household_status',
        fields: [
          ['householdId', 1],
          ['status', 1],
        ],
      },
      // the ledger's "changed since my last export"
      { name: 'path_updated', fields: [['placePath', 1], ['updatedAt', 1]] },
    ],
  },
  {
    // one document per person per slot, looked up by _id (checkinId)
    name: Collections.checkins,
    indexes: [
      {
        name: 'person_date',
        fields: [
          ['personId', 1],
          ['date', -1],
        ],
      },
      // re-gridding rewrites the check-ins under a building
      { name: 'path', fields: [['placePath', 1]] },
      // the dashboard: a day's alarming readings, and its slot check-ins (slot > '': off-slot readings have none)
      {
        name: 'path_date_alarming',
        fields: [
          ['placePath', 1],
          ['date', 1],
          ['alarming', 1],
        ],
      },
      {
        name: 'path_date_slot',
        fields: [
          ['placePath', 1],
          ['date', 1],
          ['slot', 1],
        ],
      },
    ],
  },
  {
    // one per (person, claiming household), looked up by _id; the claimant's 我的 lists its open ones
    name: Collections.householdConflicts,
    indexes: [
      {
        name: 'claimant_status',
        fields: [
          ['claimantHouseholdId', 1],
          ['status', 1],
        ],
      },      // re-gridding rewrites the conflicts under a building
      { name: 'path', fields: [['placePath', 1]] },
    ],
  },
  {
    // looked up only by _id (derived from the hash of the code)
    name: Collections.familyInvites,
    indexes: [
      {
        name: 'household_created',
        fields: [
          ['householdId', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },  {
    // uploads (looked up by _id, derived from the cloud path); pending and rejected ones are swept by age
    name: Collections.files,
    indexes: [
      {
        name: 'status_updated',
        fields: [
          ['status', 1],
          ['updatedAt', 1],
        ],
      },
    ],
  },
  {
    // chunked uploads: looked up by _id; unfinished ones expire (expiresAt) and are swept by the scheduler
    name: Collections.uploadSessions,
    indexes: [{ name: 'expires', fields: [['expiresAt', 1]] }],
  },
  {
    // an upload's chunks, read in index order when it finishes
    name: Collections.uploadChunks,
    indexes: [
      {
        name: 'upload_index',
        fields: [
          ['uploadId', 1],
          ['index', 1],
        ],
      },
    ],
  },
  {
    // the desk console's sign-in tickets: looked up by _id; expired ones are swept by age
    name: Collections.deskTickets,
    indexes: [
      {
        name: 'expires',
        fields: [['expiresAt', 1]],
      },
    ],
  },
  {
    // desk sessions: checked by _id on every desk call; a staff member's open ones listed on the phone
    name: Collections.deskSessions,
    indexes: [
      {
        name: 'staff_ended_created',
        fields: [
          ['staffOpenid', 1],
          ['endedAt', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },
  // ---- verification batches (核查批次) ----
  {
    name: Collections.batches,
    indexes: [
      {
        name: 'path_created',
        fields: [
          ['placePath', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },
  // ledger export (issue 14): column profiles defined at a place, export jobs and their parts,
  // and per (staff, profile, scope) the last export's row fingerprints, a document per page (by _id)
  { name: Collections.ledgerProfiles, indexes: [{ name: 'place', fields: [['placeId', 1]] }] },
  {
    name: Collections.exportJobs,
    indexes: [
      {
        name: 'staff_created',
        fields: [
          ['staffId', 1],
          ['createdAt', -1],
        ],
      },
      // the scheduler: running jobs nobody moved (taken over), ended ones whose parts are swept
      { name: 'status_updated', fields: [['status', 1], ['updatedAt', 1]] },
    ],
  },
  {
    // re-gridding jobs (looked up by _id); the scheduler runs the ones still running
    name: Collections.placeJobs,
    indexes: [
      {
        name: 'status_created',
        fields: [
          ['status', 1],
          ['createdAt', 1],
        ],
      },
    ],
  },
  {
    // a rotated place code, keyed by the code (a scan is one lookup by _id); a place's history by placeId
    name: Collections.retiredCodes,
    indexes: [
      {
        name: 'place_retired',
        fields: [
          ['placeId', 1],
          ['retiredAt', -1],
        ],
      },
    ],
  },
  // the dashboard (issue 14 §2)
  {
    // one per place per day (`dailyStatsId`): a place's trend, a scope's grids of a day, a day's grids for the roll-up
    name: Collections.dailyStats,
    indexes: [
      {
        name: 'place_date',
        fields: [
          ['placeId', 1],
          ['date', 1],
        ],
      },
      {
        name: 'path_level_date',
        fields: [
          ['path', 1],
          ['level', 1],
          ['date', 1],
        ],
      },
      {
        name: 'date_level',
        fields: [
          ['date', 1],
          ['level', 1],
        ],
      },
    ],
  },
  {
    // the stats job's pass over a day (the job reads it by _id: `stats_<date>`); passes left
    // unfinished are listed by phase (the deployment declares at least one index per collection)
    name: Collections.statsRuns,
    indexes: [
      {
        name: 'phase_updated',
        fields: [
          ['phase', 1],
          ['updatedAt', 1],
        ],
      },
    ],
  },
  { name: Collections.exportParts, indexes: [{ name: 'job', fields: [['jobId', 1]] }] },
  { name: Collections.ledgerBases, indexes: [{ name: 'running', fields: [['runningJobId', 1]] }] },
  { name: Collections.ledgerPrints, indexes: [{ name: 'job', fields: [['jobId', 1]] }] },
  // jobs looked up by _id (derived from the file hash); chunks by _id (`${importId}_${n}`)
  { name: Collections.batchImports, indexes: [{ name: 'batch_created', fields: [['batchId', 1], ['createdAt', 1]] }] },
  { name: Collections.batchChunks, indexes: [{ name: 'import_n', fields: [['importId', 1], ['n', 1]] }] },
  {
    name: Collections.batchRows,
    indexes: [
      // a batch's rows by state (counts, the desk's lists, dispatch)
      { name: 'batch_state_sort', fields: [['batchId', 1], ['state', 1], ['sortKey', 1]] },
      // dedupe within and across batches (multikey over the row's identity hashes)
      { name: 'keys', fields: [['keys', 1]] },
      // a community's 待分拨 list (a scalar field set only while unplaced: no multikey path entries per row)
      { name: 'unplaced_sort', fields: [['unplacedPlaceId', 1], ['sortKey', 1]] },
      // the rows of a batch handled together on an item: one building's, one household's
      { name: 'batch_building', fields: [['batchId', 1], ['buildingId', 1]] },
      { name: 'batch_household', fields: [['batchId', 1], ['person.householdId', 1]] },
      // the dashboard (issue 14 §2): rows under a place by state and furthest pass (counts), and the
      // 待分拨 list of any place of a scope (unplaced rows keep stage 'check'), in deadline order
      { name: 'path_state_stage_sort', fields: [['placePath', 1], ['state', 1], ['stage', 1], ['sortKey', 1]] },
      // the progress page's numbers opened as rows: a grid's, with a pass done (multikey), closed by an outcome
      { name: 'batch_grid_sort', fields: [['batchId', 1], ['gridId', 1], ['sortKey', 1]] },
      // a grid line's numbers: only the rows placed in the grid (not those with errors, nor 待分拨)
      { name: 'batch_grid_state_sort', fields: [['batchId', 1], ['gridId', 1], ['state', 1], ['sortKey', 1]] },
      { name: 'batch_pass_sort', fields: [['batchId', 1], ['passes.kind', 1], ['sortKey', 1]] },
      { name: 'batch_outcome_sort', fields: [['batchId', 1], ['outcome.kind', 1], ['sortKey', 1]] },
    ],
  },
  // looked up by _id (derived from the lease's name); by `until` to find expired ones (and the CLI wants one index)
  { name: Collections.leases, indexes: [{ name: 'until', fields: [['until', 1]] }] },
  // looked up by _id (place + source); a place's profiles listed by place
  { name: Collections.columnProfiles, indexes: [{ name: 'place', fields: [['placeId', 1]] }] },
  { name: Collections.addressAliases, indexes: [{ name: 'place', fields: [['placeId', 1]] }] },
];
