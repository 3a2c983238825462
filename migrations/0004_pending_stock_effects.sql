-- Hand-written: drizzle-kit emits no views.
-- The stock effect of local documents that the mirrored 1C balance (stock.qty_1c) does not include yet,
-- one row per (document side, line). Displayed quantity = qty_1c + sum(qty_delta) (architecture §4).
--
-- Which documents: 'queued' and 'sending' ones (not in 1C yet, or not confirmed), and 'posted' ones
-- whose posted_at is later than the time 1C last confirmed that warehouse's balance. That time is the
-- balances job's per-warehouse `asOf` in sync_state (cursor JSON keyed by warehouse ref_1c, D15), NOT
-- stock.as_of_1c: an unchanged stock row is not rewritten (its as_of_1c is when its quantity last
-- changed) and a row whose balance fell to zero is deleted, so the row's time would count a document
-- twice or miss it. No confirmed balance for a warehouse: every posted document there still counts.
-- Each side of a transfer is compared with its own warehouse's balance time.
-- The signs below must agree with documentKinds in core/documents/document-kinds.ts (a test checks):
-- receipt +, shipment −, writeoff −, transfer − at warehouse_id and + at to_warehouse_id, count nothing
-- (a count records no stock movement in 1C).
CREATE VIEW `pending_stock_effects` AS
WITH `balance_as_of` AS MATERIALIZED (
  SELECT w.`id` AS `warehouse_id`, (
    -- json_each over the cursor (never a JSON path built from a ref), and '{}' for an unreadable
    -- cursor: a bad cursor must not break the stock screen. A bare number is the pre-D15 format.
    SELECT CASE
      WHEN j.`type` IN ('integer', 'real') THEN j.`value`
      WHEN j.`type` = 'object' AND json_type(j.`value`, '$.asOf') IN ('integer', 'real') THEN json_extract(j.`value`, '$.asOf')
    END
    FROM `sync_state` s, json_each(CASE WHEN json_valid(s.`cursor`) THEN s.`cursor` ELSE '{}' END) j
    WHERE s.`job` = 'balances' AND j.`key` = w.`ref_1c`
  ) AS `as_of`
  FROM `warehouses` w
),
`sides` AS (
  SELECT d.`id` AS `document_id`, d.`warehouse_id`, CASE d.`kind` WHEN 'receipt' THEN 1 ELSE -1 END AS `sign`
  FROM `documents` d
  WHERE d.`status` IN ('queued', 'sending') AND d.`kind` IN ('receipt', 'shipment', 'writeoff', 'transfer')
  UNION ALL
  SELECT d.`id`, d.`to_warehouse_id`, 1
  FROM `documents` d
  WHERE d.`status` IN ('queued', 'sending') AND d.`kind` = 'transfer' AND d.`to_warehouse_id` IS NOT NULL
  UNION ALL
  -- Posted documents are looked up per warehouse from its balance time on (documents_posted_from/_to),
  -- so years of posted documents are never scanned: balance_as_of is MATERIALIZED (one cursor parse
  -- per warehouse) and CROSS JOIN keeps it the outer loop (otherwise SQLite may walk every posted
  -- document and parse the cursor for each).
  SELECT d.`id`, d.`warehouse_id`, CASE d.`kind` WHEN 'receipt' THEN 1 ELSE -1 END
  FROM `balance_as_of` b
  CROSS JOIN `documents` d ON d.`status` = 'posted' AND d.`warehouse_id` = b.`warehouse_id` AND d.`posted_at` > coalesce(b.`as_of`, -1)
  WHERE d.`kind` IN ('receipt', 'shipment', 'writeoff', 'transfer')
  UNION ALL
  SELECT d.`id`, d.`to_warehouse_id`, 1
  FROM `balance_as_of` b
  CROSS JOIN `documents` d ON d.`status` = 'posted' AND d.`to_warehouse_id` = b.`warehouse_id` AND d.`posted_at` > coalesce(b.`as_of`, -1)
  WHERE d.`kind` = 'transfer'
)
SELECT s.`document_id`, s.`warehouse_id`, l.`product_id`, l.`characteristic_id`, s.`sign` * l.`qty` AS `qty_delta`
-- CROSS JOIN: from the few pending documents to their lines (document_lines_no), never a scan of all lines.
FROM `sides` s
CROSS JOIN `document_lines` l ON l.`document_id` = s.`document_id`;
