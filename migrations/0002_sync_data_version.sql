ALTER TABLE `characteristics` ADD `data_version_1c` text;--> statement-breakpoint
ALTER TABLE `price_types` ADD `data_version_1c` text;--> statement-breakpoint
ALTER TABLE `price_types` ADD `is_deleted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `product_groups` ADD `data_version_1c` text;--> statement-breakpoint
ALTER TABLE `products` ADD `data_version_1c` text;--> statement-breakpoint
ALTER TABLE `units` ADD `data_version_1c` text;--> statement-breakpoint
ALTER TABLE `units` ADD `is_deleted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `warehouses` ADD `data_version_1c` text;