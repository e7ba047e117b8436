package io.strato.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code strato.*} settings of the auto-configured {@code EventSourcingDB} (or plain
 * {@code DB} with {@code strato.event-sourcing=false}). Unset values keep the library's defaults.
 */
@ConfigurationProperties("strato")
public class StratoProperties {
  /** SQLite durability: what a commit waits for. */
  public enum Synchronous {
    /** Survives a process crash (the library's default). */
    NORMAL,
    /** Also survives power loss; slower commits. */
    FULL
  }

  /** Whether to auto-configure strato at all. */
  private boolean enabled = true;
  /** The state database file; unset keeps everything in memory (lost on shutdown). */
  private Path file;
  /** A separate file for the event queue; unset keeps the queue in the state file. */
  private Path queueFile;
  /** The name used in logs, errors and metric tags; defaults to the file name, or "strato" in memory. */
  private String name;
  /** Whether to configure an EventSourcingDB (true) or only a plain DB (false). */
  private boolean eventSourcing = true;
  /** Whether to add the models found by java.util.ServiceLoader (META-INF/services, module provides). */
  private boolean discoverModels = true;
  /** Whether to keep processing in the background, including events added by other processes. */
  private boolean polling = false;
  /** The number of WAL reader connections. */
  private Integer readers;
  /** How long to keep trying while another process holds a lock. */
  private Duration busyTimeout;
  /** SQLite synchronous mode: NORMAL (default) or FULL. */
  private Synchronous synchronous = Synchronous.NORMAL;
  /** How long commits gather before a background checkpoint; 0 leaves checkpoints to SQLite. */
  private Duration checkpointInterval;
  /** The most queued events processed in one SQLite transaction. */
  private Integer batchSize;
  /** Retries of a failed event. */
  private final Retry retry = new Retry();

  /** Retries of a failed event: growing back-off, then a stop until the next dispatch. */
  public static class Retry {
    /** The first delay after a failure. */
    private Duration initialBackoff = Duration.ofSeconds(1);
    /** The longest delay between attempts. */
    private Duration maxBackoff = Duration.ofSeconds(30);
    /** Attempts at a failing event before processing stops until restarted. */
    private int maxAttempts = 10;

    /**
     * The first delay.
     *
     * @return the delay
     */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the first delay.
     *
     * @param initialBackoff the delay
     */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /**
     * The longest delay.
     *
     * @return the delay
     */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /**
     * Sets the longest delay.
     *
     * @param maxBackoff the delay
     */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /**
     * Attempts before stopping.
     *
     * @return the attempts
     */
    public int getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the attempts before stopping.
     *
     * @param maxAttempts at least 1
     */
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }
  }

  /**
   * The name to use: {@link #getName()}, else the file name, else {@code strato}.
   *
   * @return the effective name
   */
  public String effectiveName() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    return file == null ? "strato" : String.valueOf(file.getFileName());
  }

  /**
   * Whether strato is auto-configured.
   *
   * @return true by default
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns the auto-configuration on or off.
   *
   * @param enabled false to turn it off
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The state file.
   *
   * @return the file, or null for in memory
   */
  public Path getFile() {
    return file;
  }

  /**
   * Sets the state file.
   *
   * @param file the file
   */
  public void setFile(Path file) {
    this.file = file;
  }

  /**
   * The queue file.
   *
   * @return the file, or null for the state file
   */
  public Path getQueueFile() {
    return queueFile;
  }

  /**
   * Sets the queue file.
   *
   * @param queueFile the file
   */
  public void setQueueFile(Path queueFile) {
    this.queueFile = queueFile;
  }

  /**
   * The configured name.
   *
   * @return the name or null
   */
  public String getName() {
    return name;
  }

  /**
   * Sets the name.
   *
   * @param name the name
   */
  public void setName(String name) {
    this.name = name;
  }

  /**
   * Whether an EventSourcingDB is configured.
   *
   * @return true by default
   */
  public boolean isEventSourcing() {
    return eventSourcing;
  }

  /**
   * Chooses an EventSourcingDB (true) or a plain DB (false).
   *
   * @param eventSourcing the choice
   */
  public void setEventSourcing(boolean eventSourcing) {
    this.eventSourcing = eventSourcing;
  }

  /**
   * Whether ServiceLoader models are added.
   *
   * @return true by default
   */
  public boolean isDiscoverModels() {
    return discoverModels;
  }

  /**
   * Turns ServiceLoader discovery on or off.
   *
   * @param discoverModels the choice
   */
  public void setDiscoverModels(boolean discoverModels) {
    this.discoverModels = discoverModels;
  }

  /**
   * Whether processing polls in the background.
   *
   * @return false by default
   */
  public boolean isPolling() {
    return polling;
  }

  /**
   * Turns background polling on or off.
   *
   * @param polling the choice
   */
  public void setPolling(boolean polling) {
    this.polling = polling;
  }

  /**
   * The reader connections.
   *
   * @return the count or null for the default
   */
  public Integer getReaders() {
    return readers;
  }

  /**
   * Sets the reader connections.
   *
   * @param readers at least 1
   */
  public void setReaders(Integer readers) {
    this.readers = readers;
  }

  /**
   * The busy timeout.
   *
   * @return the timeout or null for the default
   */
  public Duration getBusyTimeout() {
    return busyTimeout;
  }

  /**
   * Sets the busy timeout.
   *
   * @param busyTimeout the timeout
   */
  public void setBusyTimeout(Duration busyTimeout) {
    this.busyTimeout = busyTimeout;
  }

  /**
   * The synchronous mode.
   *
   * @return NORMAL or FULL
   */
  public Synchronous getSynchronous() {
    return synchronous;
  }

  /**
   * Sets the synchronous mode.
   *
   * @param synchronous NORMAL or FULL
   */
  public void setSynchronous(Synchronous synchronous) {
    this.synchronous = synchronous;
  }

  /**
   * The checkpoint interval.
   *
   * @return the interval or null for the default
   */
  public Duration getCheckpointInterval() {
    return checkpointInterval;
  }

  /**
   * Sets the checkpoint interval.
   *
   * @param checkpointInterval the interval
   */
  public void setCheckpointInterval(Duration checkpointInterval) {
    this.checkpointInterval = checkpointInterval;
  }

  /**
   * The batch size.
   *
   * @return the size or null for the default
   */
  public Integer getBatchSize() {
    return batchSize;
  }

  /**
   * Sets the batch size.
   *
   * @param batchSize at least 1
   */
  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  /**
   * The retry settings.
   *
   * @return the retry settings
   */
  public Retry getRetry() {
    return retry;
  }
}
