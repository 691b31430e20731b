package io.bdpaas.backend;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileContentCheckTest {
  private static final StorageFileName CSV = new StorageFileName("data.csv");
  private static final StorageFileName PARQUET = new StorageFileName("data.parquet");

  @Test
  void acceptsUtf8TextWhoseCharactersAreSplitAcrossReads() {
    byte[] text = "région,€,😀\nzürich,1,2\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    FileContentCheck check = FileContentCheck.forName(CSV);
    for (int i = 0; i < text.length; i += 7) {
      check.update(text, i, Math.min(7, text.length - i));
    }
    assertThatCode(check::finish).doesNotThrowAnyException();
  }

  @Test
  void acceptsAnEmptyTextFile() {
    assertThatCode(FileContentCheck.forName(CSV)::finish).doesNotThrowAnyException();
  }

  @Test
  void refusesBytesThatAreNotUtf8AsSoonAsTheyArrive() {
    FileContentCheck check = FileContentCheck.forName(CSV);
    check.update("a,b\n".getBytes(StandardCharsets.UTF_8), 0, 4);
    assertThatThrownBy(() -> check.update(new byte[] {(byte) 0xff, 'x'}, 0, 2))
        .isInstanceOf(FileContentException.class)
        .hasMessage("data.csv is not a csv file: it is not UTF-8 text (near offset 4)");
  }

  @Test
  void refusesNulBytesAndACharacterCutAtTheEnd() {
    assertThatThrownBy(() -> FileContentCheck.forName(CSV).update(new byte[] {'a', 0}, 0, 2))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("NUL byte at offset 1");

    FileContentCheck cut = FileContentCheck.forName(CSV);
    cut.update(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, 0, 3);
    assertThatThrownBy(cut::finish)
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void acceptsParquetMagicAtBothEndsFedInPieces() {
    byte[] file = "PAR1....footer..PAR1".getBytes(StandardCharsets.US_ASCII);
    FileContentCheck check = FileContentCheck.forName(PARQUET);
    for (int i = 0; i < file.length; i += 3) {
      check.update(file, i, Math.min(3, file.length - i));
    }
    assertThatCode(check::finish).doesNotThrowAnyException();
  }

  @Test
  void refusesParquetWithoutItsMagic() {
    assertThatThrownBy(
            () -> FileContentCheck.forName(PARQUET).update("a,b\n1,2\n".getBytes(), 0, 8))
        .isInstanceOf(FileContentException.class)
        .hasMessage("data.parquet is not a parquet file: it does not start with PAR1");

    FileContentCheck noTail = FileContentCheck.forName(PARQUET);
    noTail.update("PAR1 and then nothing".getBytes(), 0, 21);
    assertThatThrownBy(noTail::finish).hasMessageContaining("does not end with PAR1");

    FileContentCheck tooShort = FileContentCheck.forName(PARQUET);
    tooShort.update("PAR1".getBytes(), 0, 4);
    assertThatThrownBy(tooShort::finish).hasMessageContaining("too short");
  }
}
