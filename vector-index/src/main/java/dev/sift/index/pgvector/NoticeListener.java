package dev.sift.index.pgvector;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for {@link ChangeNotices} on one pooled connection, on a thread of its own, and says when
 * it may have missed one. A connection can die silently (a partition, a failover without a reset, a
 * pooler that does not pass LISTEN on): it then just stops delivering. So the listener sends itself
 * a heartbeat through another connection every {@link #HEARTBEAT} and counts itself deaf when none
 * has come back for {@link #DEAF_AFTER}; it then reports the gap and listens anew.
 */
final class NoticeListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NoticeListener.class);

  /** How long the listener waits for notices before it checks the heartbeat and the flag. */
  private static final int POLL_MILLIS = 250;

  static final Duration HEARTBEAT = Duration.ofSeconds(1);

  /** No heartbeat back for this long: the connection is deaf, and notices may be lost. */
  static final Duration DEAF_AFTER = Duration.ofSeconds(5);

  /** Pause before listening again after the connection failed. */
  private static final Duration RELISTEN_AFTER = Duration.ofSeconds(2);

  /** A heartbeat's payload starts so: no tenant name can, so mirrors ignore others' heartbeats. */
  private static final String HEARTBEAT_PREFIX = "~heartbeat-";

  /** What the listener reports. */
  interface Events {
    /** Listening (again): notices from now on arrive. */
    void listening();

    /** Listening stopped: notices since the last {@link #listening} may have been lost. */
    void deaf();

    void notice(ChangeNotices.Notice notice);
  }

  private final DataSource dataSource;
  private final Transactions transactions;
  private final Events events;
  private final String heartbeat = HEARTBEAT_PREFIX + UUID.randomUUID();
  private final String heartbeatChannel;
  private final Thread thread;
  private volatile boolean closed;

  NoticeListener(DataSource dataSource, Transactions transactions, Events events) {
    this(dataSource, transactions, events, ChangeNotices.CHANNEL);
  }

  /**
   * With the heartbeat sent to {@code heartbeatChannel}: another channel than the notices' makes a
   * deaf listener, for tests.
   */
  NoticeListener(
      DataSource dataSource, Transactions transactions, Events events, String heartbeatChannel) {
    this.dataSource = dataSource;
    this.transactions = transactions;
    this.events = events;
    this.heartbeatChannel = heartbeatChannel;
    this.thread = new Thread(this::run, "sift-mirror-listen");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try {
          listenOn(c);
        } finally {
          unlisten(c);
        }
      } catch (SQLException | RuntimeException e) {
        if (!closed) {
          log.warn("Mirror stopped listening; PostgreSQL answers searches until it is back", e);
        }
      } finally {
        events.deaf();
      }
      if (!closed) {
        sleep(RELISTEN_AFTER);
      }
    }
  }

  private void listenOn(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + ChangeNotices.CHANNEL);
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    events.listening();
    long heard = System.nanoTime();
    long sent = 0;
    while (!closed) {
      long now = System.nanoTime();
      if (now - sent >= HEARTBEAT.toNanos()) {
        beat();
        sent = now;
      }
      if (now - heard > DEAF_AFTER.toNanos()) {
        throw new SQLException("no heartbeat came back for " + DEAF_AFTER.toSeconds() + " s");
      }
      PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
      if (notices == null) {
        continue;
      }
      for (PGNotification n : notices) {
        if (heartbeat.equals(n.getParameter())) {
          heard = System.nanoTime();
        } else {
          ChangeNotices.Notice.parse(n.getParameter()).ifPresent(events::notice);
        }
      }
    }
  }

  /** A failed heartbeat is only logged: the deafness check notices what it means. */
  private void beat() {
    try {
      transactions.run(
          "send the mirror's heartbeat",
          c -> {
            ChangeNotices.send(c, heartbeatChannel, heartbeat);
            return null;
          });
    } catch (RuntimeException e) {
      log.debug("heartbeat not sent", e);
    }
  }

  /**
   * The connection goes back to the caller's pool: a LISTEN left on it would keep collecting
   * notices for whoever borrows it next. A broken connection is dropped by the pool anyway.
   */
  private static void unlisten(Connection c) {
    try (Statement st = c.createStatement()) {
      st.execute("UNLISTEN *");
    } catch (SQLException e) {
      log.debug("UNLISTEN failed on a connection that is probably gone", e);
    }
  }

  /** Stops within one poll; the thread is not interrupted (it may be writing a Lucene index). */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(Mirror.CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
