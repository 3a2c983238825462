-- Hand-written (drizzle-kit generate --custom: drizzle's schema cannot say WITHOUT ROWID, so the
-- snapshot is unchanged). alert_pairs and alert_fired are looked up and rewritten only by their
-- primary key; as rowid tables each was two B-trees (the rows, and the key's index pointing at
-- them), so every lookup was two searches and the 10,000 rows an evaluation rewrites touched pages
-- of both. WITHOUT ROWID keeps each row in its key's B-tree (D22, round 3). The copy is drizzle-kit's
-- own recreate-and-rename; no trigger or view names these tables.
CREATE TABLE `__new_alert_pairs` (
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`min_qty` integer,
	`evaluated_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `warehouse_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_alert_pairs` (`product_id`, `warehouse_id`, `qty`, `min_qty`, `evaluated_at`)
SELECT `product_id`, `warehouse_id`, `qty`, `min_qty`, `evaluated_at` FROM `alert_pairs` ORDER BY `product_id`, `warehouse_id`;
--> statement-breakpoint
DROP TABLE `alert_pairs`;
--> statement-breakpoint
ALTER TABLE `__new_alert_pairs` RENAME TO `alert_pairs`;
--> statement-breakpoint
CREATE TABLE `__new_alert_fired` (
	`rule_id` text NOT NULL,
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`last_fired_at` integer NOT NULL,
	PRIMARY KEY(`rule_id`, `product_id`, `warehouse_id`),
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_alert_fired` (`rule_id`, `product_id`, `warehouse_id`, `last_fired_at`)
SELECT `rule_id`, `product_id`, `warehouse_id`, `last_fired_at` FROM `alert_fired` ORDER BY `rule_id`, `product_id`, `warehouse_id`;
--> statement-breakpoint
DROP TABLE `alert_fired`;
--> statement-breakpoint
ALTER TABLE `__new_alert_fired` RENAME TO `alert_fired`;
