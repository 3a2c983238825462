CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`product_id` integer,
	`warehouse_id` integer,
	`value` integer,
	`message` text NOT NULL,
	`fired_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_events_fired` ON `alert_events` (`fired_at`);--> statement-breakpoint
CREATE INDEX `alert_events_rule` ON `alert_events` (`rule_id`,`product_id`,`fired_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`product_id` integer,
	`group_id` integer,
	`warehouse_id` integer,
	`threshold` integer NOT NULL,
	`cooldown_minutes` integer DEFAULT 240 NOT NULL,
	`is_enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`inn` text,
	`kpp` text,
	`phone` text,
	`email` text,
	`sync_state` text DEFAULT 'synced' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_ref_1c` ON `customers` (`ref_1c`);--> statement-breakpoint
CREATE INDEX `customers_inn` ON `customers` (`inn`);--> statement-breakpoint
CREATE INDEX `customers_phone` ON `customers` (`phone`);--> statement-breakpoint
CREATE TABLE `document_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`product_id` integer NOT NULL,
	`characteristic_id` integer,
	`qty` integer NOT NULL,
	`price` integer,
	`scanned_code` text,
	`marking_code` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`characteristic_id`) REFERENCES `characteristics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_lines_no` ON `document_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `document_lines_product` ON `document_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`local_number` text NOT NULL,
	`date` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`to_warehouse_id` integer,
	`customer_id` text,
	`comment` text DEFAULT '' NOT NULL,
	`ref_1c` text,
	`number_1c` text,
	`last_1c_message` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`posted_at` integer,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_status` ON `documents` (`status`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_ref_1c` ON `documents` (`ref_1c`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`document_id` text,
	`payload_json` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error_code` text,
	`last_error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `barcodes` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`product_id` integer NOT NULL,
	`characteristic_id` integer,
	`package_unit_id` integer,
	`package_qty` integer DEFAULT 1000 NOT NULL,
	`seen_at` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`characteristic_id`) REFERENCES `characteristics`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`package_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `barcodes_code` ON `barcodes` (`code`);--> statement-breakpoint
CREATE INDEX `barcodes_product` ON `barcodes` (`product_id`);--> statement-breakpoint
CREATE TABLE `characteristics` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`product_id` integer,
	`name` text NOT NULL,
	`is_deleted` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `characteristics_ref_1c` ON `characteristics` (`ref_1c`);--> statement-breakpoint
CREATE INDEX `characteristics_product` ON `characteristics` (`product_id`);--> statement-breakpoint
CREATE TABLE `movements` (
	`id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`product_id` integer NOT NULL,
	`characteristic_id` integer,
	`warehouse_id` integer NOT NULL,
	`qty_delta` integer NOT NULL,
	`period` integer NOT NULL,
	`recorder_ref_1c` text,
	`recorder_type` text,
	`line_number` integer,
	`document_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`characteristic_id`) REFERENCES `characteristics`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `movements_product_period` ON `movements` (`product_id`,`period`);--> statement-breakpoint
CREATE INDEX `movements_warehouse_period` ON `movements` (`warehouse_id`,`period`);--> statement-breakpoint
CREATE UNIQUE INDEX `movements_recorder_line` ON `movements` (`recorder_ref_1c`,`line_number`);--> statement-breakpoint
CREATE TABLE `price_types` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`name` text NOT NULL,
	`currency` text DEFAULT 'RUB' NOT NULL,
	`is_retail` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `price_types_ref_1c` ON `price_types` (`ref_1c`);--> statement-breakpoint
CREATE TABLE `prices` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`characteristic_id` integer,
	`price_type_id` integer NOT NULL,
	`price` integer NOT NULL,
	`period` integer NOT NULL,
	`seen_at` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`characteristic_id`) REFERENCES `characteristics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`price_type_id`) REFERENCES `price_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `prices_product` ON `prices` (`product_id`,`price_type_id`);--> statement-breakpoint
CREATE TABLE `product_groups` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`parent_id` integer,
	`name` text NOT NULL,
	`is_deleted` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_groups_ref_1c` ON `product_groups` (`ref_1c`);--> statement-breakpoint
CREATE INDEX `product_groups_parent` ON `product_groups` (`parent_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`code` text DEFAULT '' NOT NULL,
	`article` text DEFAULT '' NOT NULL,
	`name` text NOT NULL,
	`name_sort` text,
	`group_id` integer,
	`unit_id` integer,
	`is_weighted` integer DEFAULT false NOT NULL,
	`marking_kind` text DEFAULT '' NOT NULL,
	`vat_rate` text,
	`is_deleted` integer DEFAULT false NOT NULL,
	`content_hash` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_ref_1c` ON `products` (`ref_1c`);--> statement-breakpoint
CREATE INDEX `products_name_sort` ON `products` (`name_sort`);--> statement-breakpoint
CREATE INDEX `products_active` ON `products` (`is_deleted`);--> statement-breakpoint
CREATE INDEX `products_code` ON `products` (`code`);--> statement-breakpoint
CREATE INDEX `products_article` ON `products` (`article`);--> statement-breakpoint
CREATE INDEX `products_group` ON `products` (`group_id`);--> statement-breakpoint
CREATE TABLE `stock` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`characteristic_id` integer,
	`warehouse_id` integer NOT NULL,
	`qty_1c` integer DEFAULT 0 NOT NULL,
	`as_of_1c` integer,
	`seen_at` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`characteristic_id`) REFERENCES `characteristics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stock_product` ON `stock` (`product_id`,`warehouse_id`);--> statement-breakpoint
CREATE INDEX `stock_warehouse_qty` ON `stock` (`warehouse_id`,`qty_1c`);--> statement-breakpoint
CREATE TABLE `stock_snapshots` (
	`day` text NOT NULL,
	`product_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`qty` integer NOT NULL,
	PRIMARY KEY(`day`, `product_id`, `warehouse_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`name` text NOT NULL,
	`okei` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_ref_1c` ON `units` (`ref_1c`);--> statement-breakpoint
CREATE TABLE `warehouses` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref_1c` text,
	`seen_at` integer,
	`name` text NOT NULL,
	`kind` text DEFAULT 'warehouse' NOT NULL,
	`is_home` integer DEFAULT false NOT NULL,
	`is_deleted` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `warehouses_ref_1c` ON `warehouses` (`ref_1c`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`user_id` text,
	`action` text NOT NULL,
	`details_json` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `scan_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`device` text NOT NULL,
	`raw_hex` text NOT NULL,
	`text` text NOT NULL,
	`user_id` text,
	`resolved_kind` text,
	`product_id` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `scan_log_at` ON `scan_log` (`at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`pin_hash` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value_json` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`job` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`counts_json` text DEFAULT '{}' NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_message` text
);
--> statement-breakpoint
CREATE INDEX `sync_runs_job_started` ON `sync_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`job` text PRIMARY KEY NOT NULL,
	`cursor` text,
	`last_success_at` integer,
	`last_error_at` integer,
	`last_error_code` text,
	`last_error_message` text,
	`counts_json` text DEFAULT '{}' NOT NULL
);
