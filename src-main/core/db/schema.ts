// The whole data model (architecture §3), one file per concept, gathered here for drizzle-kit and queries.
export * from '../alerts/alerts.schema';
export * from '../customers/customers.schema';
export * from '../documents/documents.schema';
export * from '../inventory/inventory.schema';
export * from '../replenishment/replenishment.schema';
export * from '../security/security.schema';
export * from '../settings/settings.schema';
export * from '../sync/sync.schema';
