package io.strato.examples.spring;

/** The request bodies of {@link LedgerController}. */
public final class LedgerRequests {
  private LedgerRequests() {}

  /**
   * Open an account.
   *
   * @param id the account id
   * @param owner the owner's name
   * @param initialDeposit cents to deposit at once (may be null)
   */
  public record OpenAccount(String id, String owner, Long initialDeposit) {}

  /**
   * Move money: give {@code euros} (a decimal string, e.g. "1.99") or {@code cents}.
   *
   * @param from the paying account
   * @param to the receiving account
   * @param euros the amount in euros, or null
   * @param cents the amount in cents, or null
   * @param memo a note (may be null)
   */
  public record Transfer(String from, String to, String euros, Long cents, String memo) {}
}
