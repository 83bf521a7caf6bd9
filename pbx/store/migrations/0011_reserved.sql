-- Reserved: migration 0011 belongs to another branch. Migrations must be
-- numbered without gaps, so this branch keeps its place with a statement
-- that changes nothing; on merge, the other branch's 0011 replaces it.
SELECT 1;
