ALTER TABLE `prices` ADD `previous_price` integer;--> statement-breakpoint
ALTER TABLE `prices` ADD `previous_period` integer;