ALTER TABLE `search_index_deferred` ADD `built_below` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The search index is built in chunks of product ids (decisions D33): while the mark is there, the
-- triggers keep only the products already indexed (id below built_below); the rest are indexed by a
-- later chunk with whatever they hold then.
DROP TRIGGER `products_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `products_fts_ai` AFTER INSERT ON `products`
WHEN new.`is_deleted` = 0 AND NOT EXISTS (SELECT 1 FROM `search_index_deferred` WHERE `built_below` <= new.`id`) BEGIN
  INSERT INTO `products_fts` (rowid, `name`, `article`, `code`, `barcodes`)
  VALUES (new.`id`, replace(replace(new.`name`, 'Ё', 'Е'), 'ё', 'е'), new.`article`, new.`code`,
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`id`), ''));
END;
--> statement-breakpoint
DROP TRIGGER `products_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `products_fts_au` AFTER UPDATE OF `name`, `article`, `code`, `is_deleted` ON `products`
WHEN NOT EXISTS (SELECT 1 FROM `search_index_deferred` WHERE `built_below` <= new.`id`) BEGIN
  DELETE FROM `products_fts` WHERE rowid = old.`id`;
  INSERT INTO `products_fts` (rowid, `name`, `article`, `code`, `barcodes`)
  SELECT new.`id`, replace(replace(new.`name`, 'Ё', 'Е'), 'ё', 'е'), new.`article`, new.`code`,
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`id`), '')
  WHERE new.`is_deleted` = 0;
END;
--> statement-breakpoint
DROP TRIGGER `products_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `products_fts_ad` AFTER DELETE ON `products`
WHEN NOT EXISTS (SELECT 1 FROM `search_index_deferred` WHERE `built_below` <= old.`id`) BEGIN
  DELETE FROM `products_fts` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
DROP TRIGGER `barcodes_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `barcodes_fts_ai` AFTER INSERT ON `barcodes`
WHEN NOT EXISTS (SELECT 1 FROM `search_index_deferred` WHERE `built_below` <= new.`product_id`) BEGIN
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`product_id`), '')
  WHERE rowid = new.`product_id`;
END;
--> statement-breakpoint
DROP TRIGGER `barcodes_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `barcodes_fts_ad` AFTER DELETE ON `barcodes`
WHEN NOT EXISTS (SELECT 1 FROM `search_index_deferred` WHERE `built_below` <= old.`product_id`) BEGIN
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = old.`product_id`), '')
  WHERE rowid = old.`product_id`;
END;
--> statement-breakpoint
DROP TRIGGER `barcodes_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `barcodes_fts_au` AFTER UPDATE OF `code`, `product_id` ON `barcodes`
WHEN NOT EXISTS (SELECT 1 FROM `search_index_deferred` WHERE `built_below` <= old.`product_id` AND `built_below` <= new.`product_id`) BEGIN
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = old.`product_id`), '')
  WHERE rowid = old.`product_id`;
  UPDATE `products_fts` SET `barcodes` =
    coalesce((SELECT group_concat(`code`, ' ') FROM `barcodes` WHERE `product_id` = new.`product_id`), '')
  WHERE rowid = new.`product_id`;
END;
