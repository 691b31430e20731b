package io.bdpaas.tenancy;

import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;

/** The rules every user name and password must follow, shared by the API, console and settings. */
public final class AccountRules {
  public static final String PATTERN = "[a-z][a-z0-9-]{1,31}";
  public static final String RULE =
      "must be 2 to 32 characters: lower-case letters, digits and '-', starting with a letter";
  public static final int MIN_PASSWORD_LENGTH = 12;
  public static final int MAX_PASSWORD_LENGTH = 128;

  /** The password rules in a sentence, shown beside password fields before anyone submits. */
  public static final String PASSWORD_HINT =
      "At least "
          + MIN_PASSWORD_LENGTH
          + " characters (at most "
          + MAX_PASSWORD_LENGTH
          + "); must not contain the user name.";

  private AccountRules() {}

  /** Problems with a user name; empty when it is valid. */
  public static List<Problem> checkUsername(String field, String username) {
    List<Problem> problems = new ArrayList<>();
    if (username == null || username.isEmpty()) {
      problems.add(Problem.of(field, "is required"));
    } else if (!username.matches(PATTERN)) {
      problems.add(Problem.of(field, RULE));
    }
    return problems;
  }

  /** Problems with a new password; empty when it is acceptable. */
  public static List<Problem> checkPassword(String field, String password, String username) {
    List<Problem> problems = new ArrayList<>();
    if (password == null || password.isEmpty()) {
      problems.add(Problem.of(field, "is required"));
    } else if (password.length() < MIN_PASSWORD_LENGTH) {
      problems.add(Problem.of(field, "must be at least " + MIN_PASSWORD_LENGTH + " characters"));
    } else if (password.length() > MAX_PASSWORD_LENGTH) {
      problems.add(Problem.of(field, "must be at most " + MAX_PASSWORD_LENGTH + " characters"));
    } else if (username != null && password.toLowerCase().contains(username.toLowerCase())) {
      problems.add(Problem.of(field, "must not contain the user name"));
    }
    return problems;
  }
}
