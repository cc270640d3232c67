package io.treenetra.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treenetra.support.TestEnvironment;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one way to plain JDBC, on a real PostgreSQL: a local transaction commits when the work
 * returns and rolls back when it throws, work inside a JTA transaction leaves the commit to it, and
 * every connection lent is counted in the pool's gauge until it is closed, once.
 */
class JdbcTest {

  private static final String TABLE = "jdbc_test_row";

  /** Only the status Jdbc reads; the database underneath is real. */
  static final class Registry implements TransactionSynchronizationRegistry {
    int status = Status.STATUS_NO_TRANSACTION;

    @Override
    public int getTransactionStatus() {
      return status;
    }

    @Override
    public Object getTransactionKey() {
      return null;
    }

    @Override
    public void putResource(Object key, Object value) {}

    @Override
    public Object getResource(Object key) {
      return null;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {}

    @Override
    public void setRollbackOnly() {}

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }

  private Jdbc jdbc;
  private Registry registry;

  @BeforeAll
  static void table() {
    TestEnvironment.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (n integer)");
  }

  @BeforeEach
  void fresh() {
    TestEnvironment.execute("DELETE FROM " + TABLE);
    jdbc = new Jdbc();
    jdbc.pool = TestEnvironment.database();
    registry = new Registry();
    jdbc.transactions = registry;
  }

  @Test
  void aTransactionCommitsWhenTheWorkReturns() throws SQLException {
    int inserted = jdbc.transaction(connection -> insert(connection, 1));
    assertThat(inserted).isEqualTo(1);
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void aTransactionRollsBackWhenTheWorkThrows() {
    assertThatThrownBy(
            () ->
                jdbc.transaction(
                    connection -> {
                      insert(connection, 1);
                      throw new IOException("the upload broke off");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("the upload broke off");
    assertThatThrownBy(
            () ->
                jdbc.transaction(
                    connection -> {
                      insert(connection, 2);
                      return connection.createStatement().execute("SELECT 1/0");
                    }))
        .isInstanceOf(SQLException.class);
    assertThat(rows()).isZero();
  }

  @Test
  void insideAJtaTransactionTheWorkLeavesTheCommitToIt() throws SQLException {
    for (int status : new int[] {Status.STATUS_ACTIVE, Status.STATUS_MARKED_ROLLBACK}) {
      registry.status = status;
      Boolean autoCommit = jdbc.transaction(connection -> connection.getAutoCommit());
      // Jdbc neither began nor committed a transaction of its own on the connection.
      assertThat(autoCommit).as("status %d", status).isTrue();
    }
  }

  @Test
  void everyConnectionLentIsCountedUntilItIsClosedOnce() throws SQLException {
    int before = PoolUsage.inUse();
    Jdbc.Lease first = jdbc.lease();
    Jdbc.Lease second = jdbc.lease();
    assertThat(PoolUsage.inUse()).isEqualTo(before + 2);
    first.close();
    first.close();
    assertThat(PoolUsage.inUse()).isEqualTo(before + 1);
    jdbc.transaction(
        connection -> {
          assertThat(PoolUsage.inUse()).isEqualTo(before + 2);
          return null;
        });
    second.close();
    assertThat(PoolUsage.inUse()).isEqualTo(before);
    assertThat(PoolUsage.waiting()).isZero();
  }

  private static int insert(java.sql.Connection connection, int n) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + TABLE + " (n) VALUES (?)")) {
      insert.setInt(1, n);
      return insert.executeUpdate();
    }
  }

  private static long rows() {
    return TestEnvironment.queryLong("SELECT count(*) FROM " + TABLE);
  }
}
