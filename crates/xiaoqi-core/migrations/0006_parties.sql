-- Schema version 6: what a printed agreement shows of each party (甲方 the college, 乙方 an
-- employer or a research institution): the unified social credit code, the address and a
-- contact person. Employers have had them since version 2; the college and the institutions
-- gain them here, in the employers' shape.

ALTER TABLE colleges ADD COLUMN credit_code TEXT;
ALTER TABLE colleges ADD COLUMN address TEXT;
-- JSON array of contacts, as employers.contacts.
ALTER TABLE colleges ADD COLUMN contacts TEXT NOT NULL DEFAULT '[]';

-- Not unique: a university's laboratories and colleges carry the university's own code.
ALTER TABLE institutions ADD COLUMN credit_code TEXT;
-- 0 when the credit code fails its check digit and was saved with the warning accepted.
ALTER TABLE institutions ADD COLUMN credit_code_ok INTEGER NOT NULL DEFAULT 1;
ALTER TABLE institutions ADD COLUMN address TEXT;
