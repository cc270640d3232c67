-- Tree risk assessment (TRAQ level 2) on health records: the assessor's four inputs and the two results
-- of the ISA matrices (io.treenetra.inspection.RiskMatrix, docs/risk.md), and on the tree the rating of
-- its latest assessed record, with that record's time (a record arriving late does not override a newer
-- one, as with health).
ALTER TABLE inspection
    ADD COLUMN risk_target_occupancy text CHECK (risk_target_occupancy IN ('rare', 'occasional', 'frequent', 'constant')),
    ADD COLUMN risk_likelihood_of_failure text CHECK (risk_likelihood_of_failure IN ('improbable', 'possible', 'probable', 'imminent')),
    ADD COLUMN risk_likelihood_of_impact text CHECK (risk_likelihood_of_impact IN ('very-low', 'low', 'medium', 'high')),
    ADD COLUMN risk_consequences text CHECK (risk_consequences IN ('negligible', 'minor', 'significant', 'severe')),
    ADD COLUMN risk_failure_and_impact text CHECK (risk_failure_and_impact IN ('unlikely', 'somewhat-likely', 'likely', 'very-likely')),
    ADD COLUMN risk_rating text CHECK (risk_rating IN ('low', 'moderate', 'high', 'extreme')),
    -- All six or none.
    ADD CONSTRAINT inspection_risk_complete CHECK (
        num_nulls(risk_target_occupancy, risk_likelihood_of_failure, risk_likelihood_of_impact,
                  risk_consequences, risk_failure_and_impact, risk_rating) IN (0, 6));

ALTER TABLE tree
    ADD COLUMN risk_rating text CHECK (risk_rating IN ('low', 'moderate', 'high', 'extreme')),
    ADD COLUMN risk_assessed_at timestamptz;
-- riskRating= filters and the statistics' counts by rating: only assessed trees are in it.
CREATE INDEX tree_risk_rating_idx ON tree (risk_rating) WHERE deleted_at IS NULL AND risk_rating IS NOT NULL;
