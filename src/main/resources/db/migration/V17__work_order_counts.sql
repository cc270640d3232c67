-- GET /analytics/work for all orders without reading 200,000 of them: the open orders (open,
-- scheduled, in progress) counted by type, priority and due date with their estimated costs, and the
-- completed orders by month (UTC) with their actual costs. Kept exact as the tree counts of V5 are:
-- statement-level triggers append deltas in the writer's transaction (no row is shared between two
-- writers), a scheduled fold moves them into the totals, and a reader sums totals and deltas.

CREATE TABLE work_order_open_count (
    type              text NOT NULL,
    priority          text NOT NULL,
    due_date          date,
    orders            bigint NOT NULL,
    estimated_sum     numeric NOT NULL,
    unestimated       bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (type, priority, due_date)
);
CREATE TABLE work_order_open_count_delta (
    type              text NOT NULL,
    priority          text NOT NULL,
    due_date          date,
    orders            bigint NOT NULL,
    estimated_sum     numeric NOT NULL,
    unestimated       bigint NOT NULL
);
CREATE TABLE work_order_completed_count (
    month             date PRIMARY KEY,
    orders            bigint NOT NULL,
    actual_sum        numeric NOT NULL
);
CREATE TABLE work_order_completed_count_delta (
    month             date NOT NULL,
    orders            bigint NOT NULL,
    actual_sum        numeric NOT NULL
);

-- One statement's net change: each row after it counts +1, each row before it -1; an update that
-- moves no order between groups and changes no cost (new notes, a crew) adds nothing.
CREATE FUNCTION work_order_count_changes() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO work_order_open_count_delta
        SELECT type, priority, due_date, count(*), coalesce(sum(estimated_cost_usd), 0),
               count(*) FILTER (WHERE estimated_cost_usd IS NULL)
          FROM new_rows WHERE status IN ('open', 'scheduled', 'in-progress') GROUP BY 1, 2, 3;
        INSERT INTO work_order_completed_count_delta
        SELECT date_trunc('month', completed_at AT TIME ZONE 'UTC')::date, count(*), coalesce(sum(actual_cost_usd), 0)
          FROM new_rows WHERE status = 'completed' GROUP BY 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO work_order_open_count_delta
        SELECT type, priority, due_date, -count(*), -coalesce(sum(estimated_cost_usd), 0),
               -count(*) FILTER (WHERE estimated_cost_usd IS NULL)
          FROM old_rows WHERE status IN ('open', 'scheduled', 'in-progress') GROUP BY 1, 2, 3;
        INSERT INTO work_order_completed_count_delta
        SELECT date_trunc('month', completed_at AT TIME ZONE 'UTC')::date, -count(*), -coalesce(sum(actual_cost_usd), 0)
          FROM old_rows WHERE status = 'completed' GROUP BY 1;
    ELSE
        WITH r AS (SELECT type, priority, due_date, status, completed_at, estimated_cost_usd, actual_cost_usd, 1 AS n FROM new_rows
                   UNION ALL
                   SELECT type, priority, due_date, status, completed_at, estimated_cost_usd, actual_cost_usd, -1 FROM old_rows),
             opened AS (INSERT INTO work_order_open_count_delta
                        SELECT type, priority, due_date, sum(n), coalesce(sum(n * estimated_cost_usd), 0),
                               coalesce(sum(n) FILTER (WHERE estimated_cost_usd IS NULL), 0)
                          FROM r WHERE status IN ('open', 'scheduled', 'in-progress') GROUP BY 1, 2, 3
                        HAVING sum(n) <> 0 OR coalesce(sum(n * estimated_cost_usd), 0) <> 0
                            OR coalesce(sum(n) FILTER (WHERE estimated_cost_usd IS NULL), 0) <> 0)
        INSERT INTO work_order_completed_count_delta
        SELECT date_trunc('month', completed_at AT TIME ZONE 'UTC')::date, sum(n), coalesce(sum(n * actual_cost_usd), 0)
          FROM r WHERE status = 'completed' GROUP BY 1
        HAVING sum(n) <> 0 OR coalesce(sum(n * actual_cost_usd), 0) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER work_order_count_insert AFTER INSERT ON work_order REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION work_order_count_changes();
CREATE TRIGGER work_order_count_update AFTER UPDATE ON work_order REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION work_order_count_changes();
CREATE TRIGGER work_order_count_delete AFTER DELETE ON work_order REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION work_order_count_changes();

-- Folds the deltas into the totals; one instance at a time (the others skip), any instance may.
CREATE FUNCTION fold_work_order_counts() RETURNS void
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('fold_work_order_counts')) THEN
        RETURN;
    END IF;
    WITH folded AS (DELETE FROM work_order_open_count_delta RETURNING *)
    INSERT INTO work_order_open_count AS c
    SELECT type, priority, due_date, sum(orders), sum(estimated_sum), sum(unestimated) FROM folded GROUP BY 1, 2, 3
    ON CONFLICT (type, priority, due_date) DO UPDATE
       SET orders = c.orders + excluded.orders, estimated_sum = c.estimated_sum + excluded.estimated_sum,
           unestimated = c.unestimated + excluded.unestimated;
    DELETE FROM work_order_open_count WHERE orders = 0;
    WITH folded AS (DELETE FROM work_order_completed_count_delta RETURNING *)
    INSERT INTO work_order_completed_count AS c
    SELECT month, sum(orders), sum(actual_sum) FROM folded GROUP BY 1
    ON CONFLICT (month) DO UPDATE SET orders = c.orders + excluded.orders, actual_sum = c.actual_sum + excluded.actual_sum;
    DELETE FROM work_order_completed_count WHERE orders = 0;
END $$;

-- Lists in due-date order (sort=dueDate, the orders without a date last) read this index in order and
-- stop after a page, whatever statuses the filter names; the cursor compares the same expression.
CREATE INDEX work_order_due_idx ON work_order ((coalesce(due_date, 'infinity'::date)), id);

-- The orders already made.
INSERT INTO work_order_open_count
SELECT type, priority, due_date, count(*), coalesce(sum(estimated_cost_usd), 0), count(*) FILTER (WHERE estimated_cost_usd IS NULL)
  FROM work_order WHERE status IN ('open', 'scheduled', 'in-progress') GROUP BY 1, 2, 3;
INSERT INTO work_order_completed_count
SELECT date_trunc('month', completed_at AT TIME ZONE 'UTC')::date, count(*), coalesce(sum(actual_cost_usd), 0)
  FROM work_order WHERE status = 'completed' GROUP BY 1;
