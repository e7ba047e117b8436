package io.strato.examples.ledger;

/** Event types of the ledger. */
public final class Ledger {
  /** An account was opened: {@code {id, owner, initialDeposit?}}. */
  public static final String OPENED = "account/opened";
  /** Money was deposited: {@code {account, cents}}. */
  public static final String DEPOSITED = "money/deposited";
  /** Money moved between accounts: {@code {from, to, cents, memo?}}. */
  public static final String TRANSFERRED = "money/transferred";

  private Ledger() {}
}
