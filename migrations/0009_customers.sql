CREATE TABLE `customer_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`detected_at` integer NOT NULL,
	`local_json` text NOT NULL,
	`remote_json` text NOT NULL,
	`base_json` text,
	`remote_version_1c` text,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution_json` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_conflicts_customer` ON `customer_conflicts` (`customer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customer_conflicts_open` ON `customer_conflicts` (`customer_id`) WHERE resolved_at IS NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `country` text DEFAULT 'RU' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `data_version_1c` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `is_deleted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `base_json` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `sent_json` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `last_1c_message` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `customers_email` ON `customers` (`email`);--> statement-breakpoint
CREATE INDEX `customers_state` ON `customers` (`sync_state`);