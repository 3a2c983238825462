-- Issue #6. alert_rules, alert_events and stock_snapshots of 0000 were never written by any
-- release (no code used them), so they are replaced, not copied (hand-edited: drizzle-kit's copy
-- would select columns the old tables lack).
DROP TABLE `alert_events`;
--> statement-breakpoint
DROP TABLE `alert_rules`;
--> statement-breakpoint
DROP TABLE `stock_snapshots`;
--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`product_id` integer,
	`group_id` integer,
	`warehouse_id` integer,
	`condition` text NOT NULL,
	`threshold` integer,
	`cooldown_minutes` integer DEFAULT 240 NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`channels_json` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text,
	`rule_name` text NOT NULL,
	`product_id` integer,
	`warehouse_id` integer,
	`old_qty` integer,
	`new_qty` integer NOT NULL,
	`message` text NOT NULL,
	`fired_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `alert_events_fired` ON `alert_events` (`fired_at`);--> statement-breakpoint
CREATE INDEX `alert_events_unread` ON `alert_events` (`read_at`,`fired_at`);--> statement-breakpoint
CREATE TABLE `stock_snapshots` (
	`day` text NOT NULL,
	`warehouse_id` integer NOT NULL,
	`total_qty` integer NOT NULL,
	`stock_value` integer NOT NULL,
	`products_in_stock` integer,
	`low_count` integer,
	`is_backfilled` integer DEFAULT false NOT NULL,
	`taken_at` integer NOT NULL,
	PRIMARY KEY(`day`, `warehouse_id`),
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alert_dirty` (
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	PRIMARY KEY(`product_id`, `warehouse_id`)
);
--> statement-breakpoint
CREATE TABLE `alert_pairs` (
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`min_qty` integer,
	`evaluated_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `warehouse_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alert_fired` (
	`rule_id` text NOT NULL,
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`last_fired_at` integer NOT NULL,
	PRIMARY KEY(`rule_id`, `product_id`, `warehouse_id`),
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `stock_levels` (
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`min_qty` integer,
	`max_qty` integer,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `warehouse_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `alert_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_deliveries_due` ON `alert_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_event` ON `alert_deliveries` (`event_id`);--> statement-breakpoint
-- Hand-written: (product, warehouse) pairs to re-evaluate (core/alerts), marked only while an active
-- rule exists, so a first pull into a store without rules pays nothing. Stock rows carry a
-- characteristic; alerts are per product, so the pair is enough.
CREATE TRIGGER `alert_dirty_stock_ai` AFTER INSERT ON `stock`
WHEN EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`) VALUES (new.`product_id`, new.`warehouse_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `alert_dirty_stock_au` AFTER UPDATE OF `qty_1c`, `product_id`, `warehouse_id` ON `stock`
WHEN EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`) VALUES (old.`product_id`, old.`warehouse_id`), (new.`product_id`, new.`warehouse_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `alert_dirty_stock_ad` AFTER DELETE ON `stock`
WHEN EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`) VALUES (old.`product_id`, old.`warehouse_id`);
END;
--> statement-breakpoint
-- A local document changes the displayed quantity when it is queued, sent, posted, rejected or cancelled.
CREATE TRIGGER `alert_dirty_documents_au` AFTER UPDATE OF `status` ON `documents`
WHEN new.`status` IS NOT old.`status` AND EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`)
  SELECT l.`product_id`, new.`warehouse_id` FROM `document_lines` l WHERE l.`document_id` = new.`id`
  UNION
  SELECT l.`product_id`, new.`to_warehouse_id` FROM `document_lines` l WHERE l.`document_id` = new.`id` AND new.`to_warehouse_id` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `alert_dirty_levels_ai` AFTER INSERT ON `stock_levels`
WHEN EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`) VALUES (new.`product_id`, new.`warehouse_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `alert_dirty_levels_au` AFTER UPDATE ON `stock_levels`
WHEN EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`) VALUES (new.`product_id`, new.`warehouse_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `alert_dirty_levels_ad` AFTER DELETE ON `stock_levels`
WHEN EXISTS (SELECT 1 FROM `alert_rules` WHERE `is_active` = 1) BEGIN
  INSERT OR IGNORE INTO `alert_dirty` (`product_id`, `warehouse_id`) VALUES (old.`product_id`, old.`warehouse_id`);
END;
