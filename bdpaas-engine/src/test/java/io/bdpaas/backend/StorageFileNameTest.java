package io.bdpaas.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageFileNameTest {
  @Test
  void acceptsPlainNamesOfEveryKind() {
    assertThat(new StorageFileName("sales.csv").kind()).isEqualTo(StorageFileName.Kind.CSV);
    assertThat(new StorageFileName("Events_2024-01.JSON").kind())
        .isEqualTo(StorageFileName.Kind.JSON);
    assertThat(new StorageFileName("part-0.snappy.parquet").kind())
        .isEqualTo(StorageFileName.Kind.PARQUET);
    assertThat(new StorageFileName("1.txt").kind()).isEqualTo(StorageFileName.Kind.TEXT);
    assertThat(new StorageFileName("spark-job_2.13-1.0.jar").kind())
        .isEqualTo(StorageFileName.Kind.JAR);
    assertThat(new StorageFileName("a".repeat(124) + ".csv").value()).hasSize(128);
  }

  @Test
  void refusesNamesThatCouldLeaveTheFolderOrHideAFile() {
    assertThat(StorageFileName.problems("../secret.csv"))
        .contains("must start with a letter or a digit", "must not contain '..'")
        .anyMatch(problem -> problem.contains("'/'"));
    assertThat(StorageFileName.problems("a/b.csv")).anyMatch(problem -> problem.contains("'/'"));
    assertThat(StorageFileName.problems("a\\b.csv")).anyMatch(problem -> problem.contains("'\\'"));
    assertThat(StorageFileName.problems(".hidden.csv"))
        .containsExactly("must start with a letter or a digit");
    assertThat(StorageFileName.problems("-rf.csv"))
        .containsExactly("must start with a letter or a digit");
    assertThat(StorageFileName.problems("x..csv")).containsExactly("must not contain '..'");
    assertThat(StorageFileName.problems("")).containsExactly("is empty");
    assertThat(StorageFileName.problems(null)).containsExactly("is empty");
  }

  @Test
  void refusesControlCharactersPatternsAndOtherExtensionsNamingEveryProblemAtOnce() {
    assertThat(StorageFileName.problems("a\u0000b\nc*.exe"))
        .containsExactly(
            "may hold only letters, digits, '.', '_' and '-', not '*', U+0000, U+000A",
            "must end in .csv, .json, .parquet, .txt or .jar");
    assertThat(StorageFileName.problems("sales"))
        .containsExactly("must end in .csv, .json, .parquet, .txt or .jar");
    assertThat(StorageFileName.problems("a".repeat(126) + ".csv"))
        .containsExactly("is longer than 128 characters");
    assertThat(StorageFileName.problems("données.csv"))
        .containsExactly("may hold only letters, digits, '.', '_' and '-', not U+00E9");
  }

  @Test
  void theExceptionShowsTheNameWithItsControlCharactersEscaped() {
    assertThatThrownBy(() -> new StorageFileName("a\u001b[31m.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a\\u001b[31m.csv")
        .hasMessageNotContaining("\u001b");
  }
}
