package io.bdpaas.backend.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a (possibly large, still growing) log file without reading all of it. */
final class LogTail {
  private static final int CHUNK = 8192;

  private LogTail() {}

  static List<String> lastLines(Path file, int lines) {
    if (lines < 0) {
      throw new IllegalArgumentException("lines must not be negative: " + lines);
    }
    if (lines == 0 || !Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
      long end = reader.length();
      long start = end;
      int newlines = 0;
      byte[] buffer = new byte[CHUNK];
      // Walk back chunk by chunk until one more newline than wanted is seen (or the file starts).
      outer:
      while (start > 0) {
        int length = (int) Math.min(CHUNK, start);
        start -= length;
        reader.seek(start);
        reader.readFully(buffer, 0, length);
        for (int i = length - 1; i >= 0; i--) {
          if (buffer[i] == '\n' && start + i != end - 1) {
            newlines++;
            if (newlines == lines) {
              start = start + i + 1;
              break outer;
            }
          }
        }
      }
      reader.seek(start);
      byte[] tail = new byte[(int) (end - start)];
      reader.readFully(tail);
      String text = new String(tail, StandardCharsets.UTF_8);
      List<String> result = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
      if (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
        result.remove(result.size() - 1);
      }
      return result.size() > lines ? result.subList(result.size() - lines, result.size()) : result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read log " + file, e);
    }
  }
}
