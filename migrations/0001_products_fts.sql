-- Hand-written: drizzle-kit emits neither expression indexes, virtual tables nor triggers.
-- A NULL characteristic means "the product itself"; coalesce makes (product, no variant) one key.
CREATE UNIQUE INDEX `prices_key` ON `prices` (`product_id`, coalesce(`characteristic_id`, 0), `price_type_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_key` ON `stock` (`product_id`, coalesce(`characteristic_id`, 0), `warehouse_id`);
--> statement-breakpoint
-- Full-text search over name, article, code and every barcode of a product. rowid = products.id
-- (an INTEGER PRIMARY KEY, so VACUUM cannot renumber it). unicode61 folds Cyrillic case; it keeps ё
-- apart from е, so names are indexed with ё→е and queries get the same folding;
-- prefix indexes make "моло*" and partial barcodes fast.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
  `name`, `article`, `code`, `barcodes`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
--> statement-breakpoint
-- Products marked deleted in 1C are kept out of the index, so a MATCH count is the visible count.
CREATE TRIGGER `products_fts_ai` AFTER INSERT ON `products` WHEN new.`is_deleted` = 0 BEGIN
  INSERT INTO `products_fts` (rowid, `name`, `article`, `code`, `barcodes`)
  VALUES (new.`id`, replace(replace(new.`name`, 'Ё', 'Е'), 'ё', 'е'), new.`article`, new.`code`,
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`id`), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_au` AFTER UPDATE OF `name`, `article`, `code`, `is_deleted` ON `products` BEGIN
  DELETE FROM `products_fts` WHERE rowid = old.`id`;
  INSERT INTO `products_fts` (rowid, `name`, `article`, `code`, `barcodes`)
  SELECT new.`id`, replace(replace(new.`name`, 'Ё', 'Е'), 'ё', 'е'), new.`article`, new.`code`,
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`id`), '')
  WHERE new.`is_deleted` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_ad` AFTER DELETE ON `products` BEGIN
  DELETE FROM `products_fts` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `barcodes_fts_ai` AFTER INSERT ON `barcodes` BEGIN
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`product_id`), '')
  WHERE rowid = new.`product_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `barcodes_fts_ad` AFTER DELETE ON `barcodes` BEGIN
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = old.`product_id`), '')
  WHERE rowid = old.`product_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `barcodes_fts_au` AFTER UPDATE OF `code`, `product_id` ON `barcodes` BEGIN
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = old.`product_id`), '')
  WHERE rowid = old.`product_id`;
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`product_id`), '')
  WHERE rowid = new.`product_id`;
END;
--> statement-breakpoint
-- Index the products that existed before this migration.
INSERT INTO `products_fts` (rowid, `name`, `article`, `code`, `barcodes`)
SELECT p.`id`, replace(replace(p.`name`, 'Ё', 'Е'), 'ё', 'е'), p.`article`, p.`code`,
  coalesce((SELECT group_concat(b.`code`, ' ') FROM `barcodes` b WHERE b.`product_id` = p.`id`), '')
FROM `products` p WHERE p.`is_deleted` = 0;
--> statement-breakpoint
-- Writers may set name_sort themselves (bulk loads do); otherwise these fill it in. ru_sort_key is
-- registered by core/db/sql-functions.ts on every connection.
CREATE TRIGGER `products_name_sort_ai` AFTER INSERT ON `products` WHEN new.`name_sort` IS NULL BEGIN
  UPDATE `products` SET `name_sort` = ru_sort_key(new.`name`) WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `products_name_sort_au` AFTER UPDATE OF `name` ON `products` BEGIN
  UPDATE `products` SET `name_sort` = ru_sort_key(new.`name`) WHERE `id` = new.`id`;
END;
--> statement-breakpoint
UPDATE `products` SET `name_sort` = ru_sort_key(`name`) WHERE `name_sort` IS NULL;
--> statement-breakpoint
-- The movement ledger is append-only: history is never rewritten, only compensated.
CREATE TRIGGER `movements_no_update` BEFORE UPDATE ON `movements` BEGIN
  SELECT RAISE(ABORT, 'movements are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
