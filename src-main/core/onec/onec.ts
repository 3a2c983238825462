// The 1C concept: what the rest of core knows about talking to 1C over its standard OData interface.
// Implementations: onec-client.ts (undici), profiles/*.ts (data), metadata detection.
import { type AppError } from '../errors/app-error';

/** Where and as whom to reach 1C. The password comes from the keychain and never leaves memory. */
export type OnecConnection = {
  /** Base of the standard OData interface, ending in `/odata/standard.odata/`. */
  baseUrl: string;
  user: string;
  password: string;
};

/** System query options; the client always adds `$format=json` and percent-encodes (space = %20). */
export type ODataQuery = {
  filter?: string;
  select?: readonly string[];
  orderby?: string;
  top?: number;
  skip?: number;
  /** `$inlinecount=allpages`: 1C then ignores $top/$skip, so use it in a separate count request. */
  inlinecount?: boolean;
  /** Non-system parameters, e.g. `allowedOnly: 'true'` or a register function's `Condition`. */
  params?: Readonly<Record<string, string>>;
};

export type OnecRow = Record<string, unknown>;

export type OnecPage = {
  rows: OnecRow[];
  /** Bytes of the response body as received (for the sync bytes counter and the benchmarks). */
  bytes: number;
  /** Present when the request asked for $inlinecount (1C sends it as a string; parsed here). */
  count?: number;
};

export type OnecWriteResult = { status: number; entity: OnecRow | null; location: string | null; bytes: number };

/** What forEachRow read: rows handed over, body bytes, and `odata.count` when asked for. */
export type OnecRowCount = { rows: number; bytes: number; count?: number };

/**
 * How a failed 1C call is classified (architecture §4, style B5). `business` is 1C's own refusal
 * (HTTP 500 with code -1); its text is 1C's words for the user, never parsed.
 */
export const onecErrorKinds = [
  'network', // connection refused/reset, DNS, TLS: retry
  'timeout', // no answer in time: retry
  'auth', // 401 without code 20: wrong user/password, pause and ask
  'rights', // 401/403 with code 20 or 403: the 1C user lacks rights to an object
  'not_found', // 404 code 8 (set not published) or 9 (no such key)
  'bad_request', // 400 (codes 1, 2, 4, 6, 14...): our request is wrong, do not retry
  'business', // 500 code -1: 1C refused (posting shortage, handler error)
  'server', // other 5xx, 408, 429: retry
  'bad_response', // not JSON, HTML page with 200, truncated body, wrong envelope
] as const;
export type OnecErrorKind = (typeof onecErrorKinds)[number];

/** An AppError with code 'erp' and these details; built by the client, read by sync and the UI. */
export type OnecErrorDetails = {
  kind: OnecErrorKind;
  isRetryable: boolean;
  status: number | null;
  /** 1C's `odata.error.code` (a string such as "14" or "-1"), when there was one. */
  onecCode: string | null;
  /** 1C's own message text, for display as 1C's words; may echo request input, never contains credentials. */
  onecMessage: string | null;
  /** Path and query of the request, without credentials. */
  request: string;
  /** A 429/503 answer's `Retry-After`, in ms. When it is longer than the client waits in-line (60 s) the client gives up at once, and the caller (outbox, sync) should not try again sooner. */
  retryAfterMs?: number;
};
export type OnecError = AppError & { details: OnecErrorDetails };

export type OnecClient = {
  /** GET an entity set, a register function or a tabular set; `path` is unencoded, e.g. "Catalog_Номенклатура" or "AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура,Склад')". Rejects with OnecError. Idempotent reads are retried with capped backoff and jitter. */
  getCollection(path: string, query?: ODataQuery, options?: { signal?: AbortSignal }): Promise<OnecPage>;
  /**
   * GET like getCollection, but the answer is never held whole: the envelope is parsed as it arrives
   * and `onRows` gets the rows in batches (about `batchSize`, default 2,000), each awaited before the
   * next. For virtual tables, which 1C cannot page (SliceLast, Balance: 20–35 MB). Resolves when the
   * whole answer was read and handed over. Retried like getCollection only while no row has been
   * handed over; a failure after that rejects with isRetryable false, and the caller must apply
   * nothing of what it was given. A rejection of `onRows` is passed through unchanged.
   * `readAfter`: the request goes out at once, but its body is not read until this settles (1C
   * prepares the answer while the caller finishes the previous one; the socket holds the bytes). The
   * request's timeout does not run while it waits. `onAnswer`: called when 1C's answer starts to
   * arrive (its status line; 1C sends it once the whole answer is built), even while `readAfter` holds
   * the body back.
   */
  forEachRow(
    path: string,
    query: ODataQuery | undefined,
    onRows: (rows: OnecRow[]) => void | Promise<void>,
    options?: { signal?: AbortSignal; batchSize?: number; readAfter?: Promise<unknown>; onAnswer?: () => void },
  ): Promise<OnecRowCount>;
  /**
   * POST or PATCH with a JSON body (none for actions such as `Document_X(guid'…')/Post`). Never
   * retried here: a write whose answer was lost may have happened, so only the caller (the outbox,
   * which looks up what 1C has first) may try again. `entity` is the answered object, null for an
   * empty body. Rejects with OnecError; 500 with code -1 is `business` (1C refused).
   */
  write(method: 'POST' | 'PATCH', path: string, body: unknown, options?: { signal?: AbortSignal; query?: ODataQuery }): Promise<OnecWriteResult>;
  /** GET $metadata (XML, possibly 15+ MB). */
  getMetadata(options?: { signal?: AbortSignal }): Promise<{ xml: string; bytes: number }>;
  /** Totals since creation, for sync runs and benchmarks. */
  readonly stats: { requests: number; bytes: number; retries: number };
  close(): Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// Profiles: how one 1C configuration names what we need (architecture §5). Data, not code.

export const onecProfileIds = ['ut11', 'unf', 'retail2', 'retail3', 'bp30'] as const;
export type OnecProfileId = (typeof onecProfileIds)[number];

/** A catalog and the wire names (as in JSON) of the fields we read from it. */
export type CatalogSpec = {
  set: string;
  /** Wire field names; null where the configuration has no such attribute. */
  fields: {
    code: string | null;
    name: string;
    parent: string | null;
    isFolder: string | null;
  };
};

/** What a store sends to 1C; each maps to one document set per configuration (onec-http.md §4). */
export const onecDocumentKinds = ['receipt', 'shipment', 'transfer', 'writeoff', 'count', 'supplier_order'] as const;
export type OnecDocumentKind = (typeof onecDocumentKinds)[number];

/** One document set and the wire names (JSON, with `_Key` on references) of what we fill in. */
export type OnecDocumentSpec = {
  set: string;
  /** The (source) warehouse in the header. */
  warehouse: string;
  /** Transfers: the destination warehouse; null for every other kind. */
  toWarehouse: string | null;
  /** Supplier or customer; null where the document has none. */
  counterparty: string | null;
  organization: string | null;
  /** A string attribute we always fill (with the Prilavok marker the outbox looks documents up by). */
  comment: string;
  /** The tabular section and its row fields. `amount` is computed as 1C's form computes it (quantity × price). */
  lines: { section: string; product: string; characteristic: string | null; quantity: string; price: string | null; amount: string | null };
};

/**
 * Counterparties (Catalog_Контрагенты): the attributes a store's customer maps to. Wire names as in
 * JSON. The legal form is an enum attribute whose VALUE names differ per configuration, so they are
 * names too (and overridable). Phone and e-mail live in the tabular section of contact information:
 * rows whose type (an enum) is the phone or e-mail value, with the text in the presentation field.
 */
export type OnecCustomersSpec = {
  set: string;
  /** The short (working) name people see in lists: Description. */
  name: string;
  /** The legal full name, filled from the name when Prilavok creates a counterparty; null if absent. */
  fullName: string | null;
  /** Hierarchical catalogs keep groups in the same set: `IsFolder`; null when flat. */
  isFolder: string | null;
  inn: string;
  kpp: string | null;
  /**
   * A free-text attribute that carries Prilavok's marker («Прилавок <id>») on counterparties it
   * creates, so a create whose answer was lost is found again; null: found by key (and ИНН) only.
   */
  comment: string | null;
  legalForm: {
    field: string;
    /** Enum value names: a company, a private person, and an individual entrepreneur (read as a person; null if the enum has none). */
    company: string;
    person: string;
    entrepreneur: string | null;
  };
  /** Null: phones and e-mails are not read or sent. */
  contacts: { section: string; type: string; presentation: string; phoneType: string; emailType: string } | null;
};

export type OnecProfile = {
  id: OnecProfileId;
  title: string;
  products: CatalogSpec & { article: string | null; unit: string | null; isWeighted: string | null };
  warehouses: CatalogSpec;
  units: CatalogSpec & { okei: string | null };
  /** `owner` is the wire name: `Owner_Key` for a single owner type, `Owner` (a GUID string, with `Owner_Type`) when composite. */
  characteristics: (CatalogSpec & { owner: string }) | null;
  priceTypes: CatalogSpec;
  barcodes: {
    set: string;
    code: string;
    product: string;
    characteristic: string | null;
    packageUnit: string | null;
  } | null;
  prices: {
    /** The register set; SliceLast binds to `${set}_RecordType` when recorder-subordinate. Dimension names (product, characteristic, priceType) are metadata names without `_Key`, as in `stock`; `price` is the resource. */
    set: string;
    isRecorderSubordinate: boolean;
    product: string;
    characteristic: string | null;
    priceType: string;
    price: string;
  } | null;
  stock: {
    /** Accumulation register (balance kind). Dimension names are metadata names without `_Key`. */
    register: string;
    productDimension: string;
    characteristicDimension: string | null;
    warehouseDimension: string;
    /** Resource name; Balance() returns `${resource}Balance`, records carry `${resource}`. */
    resource: string;
  };
  /** Null for a kind this configuration cannot take from us (or whose names are unknown). */
  documents: Record<OnecDocumentKind, OnecDocumentSpec | null>;
  /** Counterparties mirrored as customers and created / changed at the counter; null: not used. */
  customers: OnecCustomersSpec | null;
};
