ALTER TABLE `document_lines` ADD `expected_qty` integer;--> statement-breakpoint
ALTER TABLE `documents` ADD `counterparty_ref_1c` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `queued_at` integer;--> statement-breakpoint
CREATE INDEX `documents_posted_from` ON `documents` (`status`,`warehouse_id`,`posted_at`);--> statement-breakpoint
CREATE INDEX `documents_posted_to` ON `documents` (`status`,`to_warehouse_id`,`posted_at`);